  ;; Convolutions by im2col (conv-driver.ts): the input is copied into the module's memory with its
  ;; zero padding written out (padCopy), so every tap of every output position reads inside the
  ;; padded image, at `origin(position) + offset(tap)`. The caller computes both tables once per
  ;; call: `table[kk]`, the byte offset of tap kk = (channel, row, column) of the kernel from a
  ;; window's corner, and `origins[s]`, the byte offset of output position s's window corner
  ;; (positions past the last repeat its origin, to a multiple of 8), with `quads[s / 4]` = 1 when
  ;; positions s..s+3 read four consecutive floats (stride 1, one row, all real). The products then
  ;; run on gemm.wat's gemm.

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

  ;; `im2colPanels(src, dst, table, k, origins, quads, l, ones)`: the columns of the padded image
  ;; at `src` (column s = the `k` taps of position s) straight into gemm's B panel layout: panel
  ;; p holds positions 8p..8p+7, and per tap kk their 8 floats side by side (32 bytes), so
  ;; `dst[p][kk][lane] = src[origins[8p + lane] + table[kk]]`. With `ones`, one more tap row of
  ;; 1.0 ends each panel (the bias's row: the weight matrix then ends with a bias column).
  ;; A quad of positions marked in `quads` is one vector load; others are four scalar loads.
  (func $im2colPanels (export "im2colPanels")
    (param $src i32) (param $dst i32) (param $table i32) (param $k i32) (param $origins i32)
    (param $quads i32) (param $l i32) (param $ones i32)
    (local $s i32) (local $tp i32) (local $tEnd i32) (local $t i32) (local $o0 i32) (local $o4 i32)
    (local $op i32) (local $lane i32) (local $qp i32) (local $half i32)
    (block $done
      (br_if $done (i32.eqz (local.get $l)))
      (local.set $tEnd (i32.add (local.get $table) (i32.shl (local.get $k) (i32.const 2))))
      (local.set $s (i32.const 0))
      (loop $eachPanel
        ;; $op: the panel's 8 origins; $o0, $o4: its two quads' window corners.
        (local.set $op (i32.add (local.get $origins) (i32.shl (local.get $s) (i32.const 2))))
        (local.set $o0 (i32.add (local.get $src) (i32.load (local.get $op))))
        (local.set $o4 (i32.add (local.get $src) (i32.load offset=16 (local.get $op))))
        (local.set $tp (local.get $table))
        (if (i32.eq
              (i32.load16_u (i32.add (local.get $quads) (i32.shr_u (local.get $s) (i32.const 2))))
              (i32.const 0x0101))
          (then
            ;; Both quads contiguous (the common case): two vector copies per tap.
            (block $noTaps
              (br_if $noTaps (i32.eqz (local.get $k)))
              (loop $eachTap
                (local.set $t (i32.load (local.get $tp)))
                (v128.store (local.get $dst) (v128.load (i32.add (local.get $o0) (local.get $t))))
                (v128.store offset=16
                  (local.get $dst)
                  (v128.load (i32.add (local.get $o4) (local.get $t))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                (br_if $eachTap
                  (i32.lt_u
                    (local.tee $tp (i32.add (local.get $tp) (i32.const 4)))
                    (local.get $tEnd))))))
          (else
            ;; Quad by quad: a contiguous quad as one vector copy, another lane by lane, each
            ;; lane from its own origin. $half: the quad's byte offset in the panel (0 or 16).
            (local.set $qp (i32.add (local.get $quads) (i32.shr_u (local.get $s) (i32.const 2))))
            (block $noTaps
              (br_if $noTaps (i32.eqz (local.get $k)))
              (loop $eachTap
                (local.set $t (i32.add (local.get $src) (i32.load (local.get $tp))))
                (local.set $half (i32.const 0))
                (loop $eachQuad
                  (if (i32.load8_u
                        (i32.add (local.get $qp) (i32.shr_u (local.get $half) (i32.const 4))))
                    (then
                      (v128.store
                        (i32.add (local.get $dst) (local.get $half))
                        (v128.load
                          (i32.add
                            (local.get $t)
                            (i32.load (i32.add (local.get $op) (local.get $half)))))))
                    (else
                      (local.set $lane (local.get $half))
                      (loop $eachLane
                        (f32.store
                          (i32.add (local.get $dst) (local.get $lane))
                          (f32.load
                            (i32.add
                              (local.get $t)
                              (i32.load (i32.add (local.get $op) (local.get $lane))))))
                        (br_if $eachLane
                          (i32.lt_u
                            (local.tee $lane (i32.add (local.get $lane) (i32.const 4)))
                            (i32.add (local.get $half) (i32.const 16)))))))
                  (br_if $eachQuad
                    (i32.lt_u
                      (local.tee $half (i32.add (local.get $half) (i32.const 16)))
                      (i32.const 32))))
                (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                (br_if $eachTap
                  (i32.lt_u
                    (local.tee $tp (i32.add (local.get $tp) (i32.const 4)))
                    (local.get $tEnd)))))))
        (if (local.get $ones)
          (then
            (v128.store (local.get $dst) (v128.const f32x4 1 1 1 1))
            (v128.store offset=16 (local.get $dst) (v128.const f32x4 1 1 1 1))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))))
        (br_if $eachPanel
          (i32.lt_u (local.tee $s (i32.add (local.get $s) (i32.const 8))) (local.get $l))))))

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
