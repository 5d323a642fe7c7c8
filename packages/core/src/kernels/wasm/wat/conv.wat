  ;; Convolutions (conv-driver.ts): the input is copied into the module's memory with its zero
  ;; padding written out (padCopy), so every tap of every output position reads inside the padded
  ;; image, at `origin(position) + offset(tap)`. The caller computes both tables once per call:
  ;; `table[kk]`, the byte offset of tap kk = (channel, row, column) of the kernel from a window's
  ;; corner, and `origins[s]`, the byte offset of output position s's window corner (positions past
  ;; the last repeat its origin, to a multiple of 8), with `quads[s / 4]` = 1 when positions
  ;; s..s+3 read four consecutive floats (stride 1, one row, all real). The forward products run
  ;; on convGemm below, which reads the image through the tables; the gradients' on gemm.wat's
  ;; gemm, with the columns written out (im2colRows) or added back (col2imRows).

  ;; `padCopy(src, dst, planes, h, w, hp, wp, top, left)`: `planes` planes of `h x w` floats at
  ;; `src` into planes of `hp x wp` at `dst`, each at row `top` and column `left`, zeros around.
  (func $padCopy (export "padCopy")
    (param $src i32) (param $dst i32) (param $planes i32) (param $h i32) (param $w i32)
    (param $hp i32) (param $wp i32) (param $top i32) (param $left i32)
    (local $y i32) (local $d i32) (local $rowBytes i32) (local $pitch i32) (local $skip i32)
    (memory.fill
      (local.get $dst)
      (i32.const 0)
      (i32.shl
        (i32.mul (local.get $planes) (i32.mul (local.get $hp) (local.get $wp)))
        (i32.const 2)))
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $planes)) (i32.eqz (local.get $h))))
      (local.set $rowBytes (i32.shl (local.get $w) (i32.const 2)))
      (local.set $pitch (i32.shl (local.get $wp) (i32.const 2)))
      ;; From the last row written in a plane to the first of the next: the bottom padding, then
      ;; the next plane's top padding.
      (local.set $skip (i32.mul (i32.sub (local.get $hp) (local.get $h)) (local.get $pitch)))
      (local.set $d
        (i32.add
          (local.get $dst)
          (i32.shl
            (i32.add (i32.mul (local.get $top) (local.get $wp)) (local.get $left))
            (i32.const 2))))
      (loop $eachPlane
        (local.set $y (local.get $h))
        (loop $eachRow
          (memory.copy (local.get $d) (local.get $src) (local.get $rowBytes))
          (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
          (local.set $d (i32.add (local.get $d) (local.get $pitch)))
          (br_if $eachRow (local.tee $y (i32.sub (local.get $y) (i32.const 1)))))
        (local.set $d (i32.add (local.get $d) (local.get $skip)))
        (br_if $eachPlane (local.tee $planes (i32.sub (local.get $planes) (i32.const 1)))))))

  ;; `crop(src, dst, planes, h, w, hp, wp, top, left)`: the inverse of padCopy: the `h x w`
  ;; interior of each `hp x wp` plane at `src` (from row `top`, column `left`) to `dst`, packed.
  (func $crop (export "crop")
    (param $src i32) (param $dst i32) (param $planes i32) (param $h i32) (param $w i32)
    (param $hp i32) (param $wp i32) (param $top i32) (param $left i32)
    (local $y i32) (local $s i32) (local $rowBytes i32) (local $pitch i32) (local $skip i32)
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $planes)) (i32.eqz (local.get $h))))
      (local.set $rowBytes (i32.shl (local.get $w) (i32.const 2)))
      (local.set $pitch (i32.shl (local.get $wp) (i32.const 2)))
      (local.set $skip (i32.mul (i32.sub (local.get $hp) (local.get $h)) (local.get $pitch)))
      (local.set $s
        (i32.add
          (local.get $src)
          (i32.shl
            (i32.add (i32.mul (local.get $top) (local.get $wp)) (local.get $left))
            (i32.const 2))))
      (loop $eachPlane
        (local.set $y (local.get $h))
        (loop $eachRow
          (memory.copy (local.get $dst) (local.get $s) (local.get $rowBytes))
          (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
          (local.set $s (i32.add (local.get $s) (local.get $pitch)))
          (br_if $eachRow (local.tee $y (i32.sub (local.get $y) (i32.const 1)))))
        (local.set $s (i32.add (local.get $s) (local.get $skip)))
        (br_if $eachPlane (local.tee $planes (i32.sub (local.get $planes) (i32.const 1)))))))

  ;; `convGemm(src, w, c, table, k, origins, quads, tiles, np, ldc, bias)`: the forward
  ;; convolution's products without im2col (an indirect gemm): output positions are the rows of A,
  ;; read where they lie in the padded image at `src` (position s, tap kk at `src + origins[s] +
  ;; table[kk]`), so no column matrix is written and read back. The weights are the B panels of
  ;; gemm.wat's layout: panel jp (output channels 8 jp..8 jp+7) at `w + 32 k jp`, per tap the 8
  ;; channels' floats side by side (zero channels past the last). Each block is 4 positions (tile
  ;; q: positions 4q..4q+3) by 8 channels, in eight f32x4 accumulators as in gemm.wat (the same
  ;; multiply, then add, in tap order from 0), then the bias panel's 8 floats at `bias + 32 jp`
  ;; are added when `bias` is not 0 (last, one rounding, as a matmul then a bias add); the
  ;; block is transposed (4 x 4 shuffles) and stored as 8 channel rows of 4 positions into C,
  ;; channel-major: channel row r at `c + r ldc`, position s at byte 4s. C needs `8 np` rows of
  ;; `4 tiles` floats; the caller copies the real ones out. A quad of contiguous positions
  ;; (`quads[q]`, see above) reads its four rows from one address; any other tile from four.
  (func $convGemm (export "convGemm")
    (param $src i32) (param $w i32) (param $c i32) (param $table i32) (param $k i32)
    (param $origins i32) (param $quads i32) (param $tiles i32) (param $np i32) (param $ldc i32)
    (param $bias i32)
    (local $q i32) (local $jp i32) (local $tp i32) (local $tEnd i32) (local $bp i32) (local $cp i32)
    (local $op i32) (local $quad i32) (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $a0 i32) (local $t i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $acc4 v128)
    (local $acc5 v128) (local $acc6 v128) (local $acc7 v128) (local $b0 v128) (local $b1 v128)
    (local $s v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $tEnd (i32.add (local.get $table) (i32.shl (local.get $k) (i32.const 2))))
    (local.set $q (i32.const 0))
    (loop $eachTile
      ;; The tile's four window corners (absolute), and whether they are one quad.
      (local.set $op (i32.add (local.get $origins) (i32.shl (local.get $q) (i32.const 4))))
      (local.set $o0 (i32.add (local.get $src) (i32.load (local.get $op))))
      (local.set $o1 (i32.add (local.get $src) (i32.load offset=4 (local.get $op))))
      (local.set $o2 (i32.add (local.get $src) (i32.load offset=8 (local.get $op))))
      (local.set $o3 (i32.add (local.get $src) (i32.load offset=12 (local.get $op))))
      (local.set $quad (i32.load8_u (i32.add (local.get $quads) (local.get $q))))
      (local.set $jp (i32.const 0))
      (loop $eachPanel
        (local.set $bp (i32.add (local.get $w) (i32.mul (local.get $jp) (i32.shl (local.get $k) (i32.const 5)))))
        (local.set $acc0 (v128.const i32x4 0 0 0 0))
        (local.set $acc1 (v128.const i32x4 0 0 0 0))
        (local.set $acc2 (v128.const i32x4 0 0 0 0))
        (local.set $acc3 (v128.const i32x4 0 0 0 0))
        (local.set $acc4 (v128.const i32x4 0 0 0 0))
        (local.set $acc5 (v128.const i32x4 0 0 0 0))
        (local.set $acc6 (v128.const i32x4 0 0 0 0))
        (local.set $acc7 (v128.const i32x4 0 0 0 0))
        (local.set $tp (local.get $table))
        (if (i32.lt_u (local.get $tp) (local.get $tEnd))
          (then
            (if (local.get $quad)
              (then
        (loop $eachTapQuad
          (local.set $a0 (i32.add (local.get $o0) (i32.load (local.get $tp))))
          (local.set $b0 (v128.load (local.get $bp)))
          (local.set $b1 (v128.load offset=16 (local.get $bp)))
          (local.set $s (v128.load32_splat (local.get $a0)))
          (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (local.get $b1))))
          (local.set $s (v128.load32_splat offset=4 (local.get $a0)))
          (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul (local.get $s) (local.get $b1))))
          (local.set $s (v128.load32_splat offset=8 (local.get $a0)))
          (local.set $acc4 (f32x4.add (local.get $acc4) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $acc5 (f32x4.add (local.get $acc5) (f32x4.mul (local.get $s) (local.get $b1))))
          (local.set $s (v128.load32_splat offset=12 (local.get $a0)))
          (local.set $acc6 (f32x4.add (local.get $acc6) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $acc7 (f32x4.add (local.get $acc7) (f32x4.mul (local.get $s) (local.get $b1))))
          (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
          (br_if $eachTapQuad
            (i32.lt_u (local.tee $tp (i32.add (local.get $tp) (i32.const 4))) (local.get $tEnd)))))
              (else
        (loop $eachTap
          (local.set $t (i32.load (local.get $tp)))
          (local.set $b0 (v128.load (local.get $bp)))
          (local.set $b1 (v128.load offset=16 (local.get $bp)))
          (local.set $s (v128.load32_splat (i32.add (local.get $o0) (local.get $t))))
          (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (local.get $b1))))
          (local.set $s (v128.load32_splat (i32.add (local.get $o1) (local.get $t))))
          (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul (local.get $s) (local.get $b1))))
          (local.set $s (v128.load32_splat (i32.add (local.get $o2) (local.get $t))))
          (local.set $acc4 (f32x4.add (local.get $acc4) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $acc5 (f32x4.add (local.get $acc5) (f32x4.mul (local.get $s) (local.get $b1))))
          (local.set $s (v128.load32_splat (i32.add (local.get $o3) (local.get $t))))
          (local.set $acc6 (f32x4.add (local.get $acc6) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $acc7 (f32x4.add (local.get $acc7) (f32x4.mul (local.get $s) (local.get $b1))))
          (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
          (br_if $eachTap
            (i32.lt_u (local.tee $tp (i32.add (local.get $tp) (i32.const 4))) (local.get $tEnd))))))))
        (if (local.get $bias)
          (then
            (local.set $bp (i32.add (local.get $bias) (i32.shl (local.get $jp) (i32.const 5))))
            (local.set $b0 (v128.load (local.get $bp)))
            (local.set $b1 (v128.load offset=16 (local.get $bp)))
            (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $b0)))
            (local.set $acc1 (f32x4.add (local.get $acc1) (local.get $b1)))
            (local.set $acc2 (f32x4.add (local.get $acc2) (local.get $b0)))
            (local.set $acc3 (f32x4.add (local.get $acc3) (local.get $b1)))
            (local.set $acc4 (f32x4.add (local.get $acc4) (local.get $b0)))
            (local.set $acc5 (f32x4.add (local.get $acc5) (local.get $b1)))
            (local.set $acc6 (f32x4.add (local.get $acc6) (local.get $b0)))
            (local.set $acc7 (f32x4.add (local.get $acc7) (local.get $b1)))))
        ;; Channels 8 jp..8 jp+3 (accumulators 0, 2, 4, 6 are positions 0..3), then 8 jp+4..8 jp+7.
        (local.set $cp
          (i32.add
            (i32.add (local.get $c) (i32.mul (i32.shl (local.get $jp) (i32.const 3)) (local.get $ldc)))
            (i32.shl (local.get $q) (i32.const 4))))
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $acc0) (local.get $acc2)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $acc0) (local.get $acc2)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $acc4) (local.get $acc6)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $acc4) (local.get $acc6)))
        (v128.store (local.get $cp) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $acc1) (local.get $acc3)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $acc1) (local.get $acc3)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $acc5) (local.get $acc7)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $acc5) (local.get $acc7)))
        (v128.store (local.get $cp) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
        (br_if $eachPanel (i32.lt_u (local.tee $jp (i32.add (local.get $jp) (i32.const 1))) (local.get $np))))
      (br_if $eachTile (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 1))) (local.get $tiles)))))

  ;; `im2colRows(src, dst, table, k, origins, quads, l, ld)`: the columns as rows: tap kk's row at
  ;; `dst + 4 kk ld` holds `src[origins[s] + table[kk]]` for positions `s < l` rounded up to a
  ;; multiple of 4 (`ld >= that`), quad by quad.
  (func $im2colRows (export "im2colRows")
    (param $src i32) (param $dst i32) (param $table i32) (param $k i32) (param $origins i32)
    (param $quads i32) (param $l i32) (param $ld i32)
    (local $tp i32) (local $tEnd i32) (local $t i32) (local $d i32) (local $op i32) (local $qp i32)
    (local $oEnd i32) (local $lane i32) (local $pitch i32)
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $l)) (i32.eqz (local.get $k))))
      (local.set $tEnd (i32.add (local.get $table) (i32.shl (local.get $k) (i32.const 2))))
      (local.set $oEnd (i32.add (local.get $origins) (i32.shl (local.get $l) (i32.const 2))))
      (local.set $pitch (i32.shl (local.get $ld) (i32.const 2)))
      (local.set $tp (local.get $table))
      (loop $eachTap
        ;; $t: this tap's offset from the image; $d: its row; $op, $qp: the origins and quad flags.
        (local.set $t (i32.add (local.get $src) (i32.load (local.get $tp))))
        (local.set $d (local.get $dst))
        (local.set $op (local.get $origins))
        (local.set $qp (local.get $quads))
        (loop $eachQuad
          (if (i32.load8_u (local.get $qp))
            (then
              (v128.store
                (local.get $d)
                (v128.load (i32.add (local.get $t) (i32.load (local.get $op))))))
            (else
              (local.set $lane (i32.const 0))
              (loop $eachLane
                (f32.store
                  (i32.add (local.get $d) (local.get $lane))
                  (f32.load
                    (i32.add
                      (local.get $t)
                      (i32.load (i32.add (local.get $op) (local.get $lane))))))
                (br_if $eachLane
                  (i32.lt_u
                    (local.tee $lane (i32.add (local.get $lane) (i32.const 4)))
                    (i32.const 16))))))
          (local.set $d (i32.add (local.get $d) (i32.const 16)))
          (local.set $qp (i32.add (local.get $qp) (i32.const 1)))
          (br_if $eachQuad
            (i32.lt_u (local.tee $op (i32.add (local.get $op) (i32.const 16))) (local.get $oEnd))))
        (local.set $dst (i32.add (local.get $dst) (local.get $pitch)))
        (br_if $eachTap
          (i32.lt_u (local.tee $tp (i32.add (local.get $tp) (i32.const 4))) (local.get $tEnd))))))

  ;; `col2imRows(src, dst, table, k, origins, quads, l, ld)`: the adjoint of im2colRows: adds
  ;; `src[kk ld + s]` into the padded image at `dst + origins[s] + table[kk]` for every tap and
  ;; position `s < l` (taps in order, so each element's sum runs in tap order).
  (func $col2imRows (export "col2imRows")
    (param $src i32) (param $dst i32) (param $table i32) (param $k i32) (param $origins i32)
    (param $quads i32) (param $l i32) (param $ld i32)
    (local $tp i32) (local $tEnd i32) (local $t i32) (local $c i32) (local $op i32) (local $qp i32)
    (local $oEnd i32) (local $p i32) (local $lane i32) (local $lanes i32) (local $pitch i32)
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $l)) (i32.eqz (local.get $k))))
      (local.set $tEnd (i32.add (local.get $table) (i32.shl (local.get $k) (i32.const 2))))
      (local.set $oEnd (i32.add (local.get $origins) (i32.shl (local.get $l) (i32.const 2))))
      (local.set $pitch (i32.shl (local.get $ld) (i32.const 2)))
      (local.set $tp (local.get $table))
      (loop $eachTap
        (local.set $t (i32.add (local.get $dst) (i32.load (local.get $tp))))
        (local.set $c (local.get $src))
        (local.set $op (local.get $origins))
        (local.set $qp (local.get $quads))
        (loop $eachQuad
          (if (i32.load8_u (local.get $qp))
            (then
              (local.set $p (i32.add (local.get $t) (i32.load (local.get $op))))
              (v128.store
                (local.get $p)
                (f32x4.add (v128.load (local.get $p)) (v128.load (local.get $c)))))
            (else
              ;; Only the real positions: a repeated origin past the last must not add twice.
              (local.set $lanes (i32.sub (local.get $oEnd) (local.get $op)))
              (if (i32.gt_u (local.get $lanes) (i32.const 16))
                (then (local.set $lanes (i32.const 16))))
              (local.set $lane (i32.const 0))
              (loop $eachLane
                (local.set $p
                  (i32.add (local.get $t) (i32.load (i32.add (local.get $op) (local.get $lane)))))
                (f32.store
                  (local.get $p)
                  (f32.add
                    (f32.load (local.get $p))
                    (f32.load (i32.add (local.get $c) (local.get $lane)))))
                (br_if $eachLane
                  (i32.lt_u
                    (local.tee $lane (i32.add (local.get $lane) (i32.const 4)))
                    (local.get $lanes))))))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (local.set $qp (i32.add (local.get $qp) (i32.const 1)))
          (br_if $eachQuad
            (i32.lt_u (local.tee $op (i32.add (local.get $op) (i32.const 16))) (local.get $oEnd))))
        (local.set $src (i32.add (local.get $src) (local.get $pitch)))
        (br_if $eachTap
          (i32.lt_u (local.tee $tp (i32.add (local.get $tp) (i32.const 4))) (local.get $tEnd))))))
