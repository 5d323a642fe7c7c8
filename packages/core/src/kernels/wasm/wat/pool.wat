  ;; 2-D pooling with 2 x 2 windows two columns apart (pool-driver.ts), float32, planes of
  ;; row-major images. Each kernel walks `planes` planes (`planeBytes` apart) of `oh` output rows
  ;; (`rowBytes` apart in the input: the row stride times the image width) of `ow` outputs, the
  ;; first window's top-left element at `$x`; the window's second row is `w4` bytes (the image
  ;; width) below its first. Four outputs at a time read eight consecutive floats of each window
  ;; row and split them into their even and odd lanes (the windows' left and right columns), so
  ;; the lanes meet the window's elements in row-major order, as the TypeScript loops do. Max
  ;; pooling runs the last 1..3 outputs of a row as a group of four too: the group reads up to 24
  ;; bytes past the row (and past the input, for the last row: the caller reserves them) and
  ;; writes outputs past the row's, which the next row's overwrite (past the last row: spare bytes
  ;; the caller leaves after the outputs). Average pooling, whose float64 arithmetic makes extra
  ;; outputs cost more than a scalar tail, and its backward, which would overwrite its own
  ;; results so, run them one at a time.
  ;;
  ;; Maximum: an element replaces the running maximum when it is greater or NaN (so NaN wins and
  ;; among equals the first stays), by bitselect: values are moved, never computed, so every bit
  ;; of the result is an input's. Average: the sum and the division are in float64 (f64x2), in
  ;; the TypeScript loops' order (0 + a + b + c + d, then / divisor), rounded once to float32.

  ;; `maxPool2x2(x, out, planes, oh, ow, planeBytes, rowBytes, w4)`: each window's maximum, the
  ;; outputs one after another from `out`.
  (func $maxPool2x2 (export "maxPool2x2")
    (param $x i32) (param $out i32) (param $planes i32) (param $oh i32) (param $ow i32)
    (param $planeBytes i32) (param $rowBytes i32) (param $w4 i32)
    (local $row i32) (local $c i32) (local $i i32) (local $j i32)
    (local $a v128) (local $b v128) (local $m v128) (local $v v128) (local $step i32)
    (block $done
      (br_if $done
        (i32.or
          (i32.eqz (local.get $planes))
          (i32.or (i32.eqz (local.get $oh)) (i32.eqz (local.get $ow)))))
      (loop $eachPlane
        (local.set $row (local.get $x))
        (local.set $i (local.get $oh))
        (loop $eachRow
          (local.set $c (local.get $row))
          (local.set $j (local.get $ow))
          (loop $eachQuad
            (local.set $a (v128.load (local.get $c)))
            (local.set $b (v128.load offset=16 (local.get $c)))
            (local.set $m
              (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
                (local.get $a)
                (local.get $b)))
            (local.set $v
              (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
                (local.get $a)
                (local.get $b)))
            (local.set $m
              (v128.bitselect
                (local.get $v)
                (local.get $m)
                (v128.or
                  (f32x4.gt (local.get $v) (local.get $m))
                  (f32x4.ne (local.get $v) (local.get $v)))))
            (local.set $a (v128.load (i32.add (local.get $c) (local.get $w4))))
            (local.set $b (v128.load offset=16 (i32.add (local.get $c) (local.get $w4))))
            (local.set $v
              (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
                (local.get $a)
                (local.get $b)))
            (local.set $m
              (v128.bitselect
                (local.get $v)
                (local.get $m)
                (v128.or
                  (f32x4.gt (local.get $v) (local.get $m))
                  (f32x4.ne (local.get $v) (local.get $v)))))
            (local.set $v
              (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
                (local.get $a)
                (local.get $b)))
            (local.set $m
              (v128.bitselect
                (local.get $v)
                (local.get $m)
                (v128.or
                  (f32x4.gt (local.get $v) (local.get $m))
                  (f32x4.ne (local.get $v) (local.get $v)))))
            (v128.store (local.get $out) (local.get $m))
            ;; A last group of 1..3 outputs stores four: the extra ones are overwritten by the
            ;; next row's outputs or land in the spare bytes the caller leaves after the output.
            (local.set $step
              (select (local.get $j) (i32.const 4) (i32.lt_u (local.get $j) (i32.const 4))))
            (local.set $out (i32.add (local.get $out) (i32.shl (local.get $step) (i32.const 2))))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (br_if $eachQuad (local.tee $j (i32.sub (local.get $j) (local.get $step)))))
          (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
          (br_if $eachRow (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
        (local.set $x (i32.add (local.get $x) (local.get $planeBytes)))
        (br_if $eachPlane (local.tee $planes (i32.sub (local.get $planes) (i32.const 1)))))))

  ;; `maxPool2x2Arg(x, out, idx, planes, oh, ow, planeBytes, rowBytes, w4, first)`: as maxPool2x2,
  ;; and the position of each maximum (as a float64, the element index counted from `first`, the
  ;; address of the input's element 0) at `idx`, one after another; the first of equal maxima,
  ;; the last NaN.
  (func $maxPool2x2Arg (export "maxPool2x2Arg")
    (param $x i32) (param $out i32) (param $idx i32) (param $planes i32) (param $oh i32)
    (param $ow i32) (param $planeBytes i32) (param $rowBytes i32) (param $w4 i32) (param $first i32)
    (local $row i32) (local $c i32) (local $i i32) (local $j i32) (local $w i32)
    (local $a v128) (local $b v128) (local $m v128) (local $v v128) (local $take v128)
    (local $at v128) (local $pos v128)
    (local $off1 v128) (local $off2 v128) (local $off3 v128)
    (local $step i32)
    (block $done
      (br_if $done
        (i32.or
          (i32.eqz (local.get $planes))
          (i32.or (i32.eqz (local.get $oh)) (i32.eqz (local.get $ow)))))
      (local.set $w (i32.shr_u (local.get $w4) (i32.const 2)))
      ;; Window element k of lane l is at position pos + 2 l + off_k.
      (local.set $off1 (v128.const i32x4 1 3 5 7))
      (local.set $off2 (i32x4.add (v128.const i32x4 0 2 4 6) (i32x4.splat (local.get $w))))
      (local.set $off3 (i32x4.add (local.get $off1) (i32x4.splat (local.get $w))))
      (loop $eachPlane
        (local.set $row (local.get $x))
        (local.set $i (local.get $oh))
        (loop $eachRow
          (local.set $c (local.get $row))
          (local.set $j (local.get $ow))
          (loop $eachQuad
            (local.set $pos
              (i32x4.splat
                (i32.shr_u (i32.sub (local.get $c) (local.get $first)) (i32.const 2))))
            (local.set $at (i32x4.add (local.get $pos) (v128.const i32x4 0 2 4 6)))
            (local.set $a (v128.load (local.get $c)))
            (local.set $b (v128.load offset=16 (local.get $c)))
            (local.set $m
              (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
                (local.get $a)
                (local.get $b)))
            (local.set $v
              (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
                (local.get $a)
                (local.get $b)))
            (local.set $take
              (v128.or
                (f32x4.gt (local.get $v) (local.get $m))
                (f32x4.ne (local.get $v) (local.get $v))))
            (local.set $m (v128.bitselect (local.get $v) (local.get $m) (local.get $take)))
            (local.set $at
              (v128.bitselect
                (i32x4.add (local.get $pos) (local.get $off1))
                (local.get $at)
                (local.get $take)))
            (local.set $a (v128.load (i32.add (local.get $c) (local.get $w4))))
            (local.set $b (v128.load offset=16 (i32.add (local.get $c) (local.get $w4))))
            (local.set $v
              (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
                (local.get $a)
                (local.get $b)))
            (local.set $take
              (v128.or
                (f32x4.gt (local.get $v) (local.get $m))
                (f32x4.ne (local.get $v) (local.get $v))))
            (local.set $m (v128.bitselect (local.get $v) (local.get $m) (local.get $take)))
            (local.set $at
              (v128.bitselect
                (i32x4.add (local.get $pos) (local.get $off2))
                (local.get $at)
                (local.get $take)))
            (local.set $v
              (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
                (local.get $a)
                (local.get $b)))
            (local.set $take
              (v128.or
                (f32x4.gt (local.get $v) (local.get $m))
                (f32x4.ne (local.get $v) (local.get $v))))
            (local.set $m (v128.bitselect (local.get $v) (local.get $m) (local.get $take)))
            (local.set $at
              (v128.bitselect
                (i32x4.add (local.get $pos) (local.get $off3))
                (local.get $at)
                (local.get $take)))
            (v128.store (local.get $out) (local.get $m))
            (v128.store (local.get $idx) (f64x2.convert_low_i32x4_s (local.get $at)))
            (v128.store offset=16
              (local.get $idx)
              (f64x2.convert_low_i32x4_s
                (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
                  (local.get $at)
                  (local.get $at))))
            ;; A last group of 1..3 outputs stores four: the extra ones are overwritten by the
            ;; next row's outputs or land in the spare bytes the caller leaves after the output.
            (local.set $step
              (select (local.get $j) (i32.const 4) (i32.lt_u (local.get $j) (i32.const 4))))
            (local.set $out (i32.add (local.get $out) (i32.shl (local.get $step) (i32.const 2))))
            (local.set $idx (i32.add (local.get $idx) (i32.shl (local.get $step) (i32.const 3))))
            (local.set $c (i32.add (local.get $c) (i32.const 32)))
            (br_if $eachQuad (local.tee $j (i32.sub (local.get $j) (local.get $step)))))
          (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
          (br_if $eachRow (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
        (local.set $x (i32.add (local.get $x) (local.get $planeBytes)))
        (br_if $eachPlane (local.tee $planes (i32.sub (local.get $planes) (i32.const 1)))))))

  ;; `avgPool2x2(x, out, planes, oh, ow, planeBytes, rowBytes, w4, divisor)`: each window's sum
  ;; divided by `divisor`, as above.
  (func $avgPool2x2 (export "avgPool2x2")
    (param $x i32) (param $out i32) (param $planes i32) (param $oh i32) (param $ow i32)
    (param $planeBytes i32) (param $rowBytes i32) (param $w4 i32) (param $divisor f64)
    (local $row i32) (local $c i32) (local $i i32) (local $j i32)
    (local $a v128) (local $b v128) (local $lo v128) (local $div v128)
    (block $done
      (br_if $done
        (i32.or
          (i32.eqz (local.get $planes))
          (i32.or (i32.eqz (local.get $oh)) (i32.eqz (local.get $ow)))))
      (local.set $div (f64x2.splat (local.get $divisor)))
      (loop $eachPlane
        (local.set $row (local.get $x))
        (local.set $i (local.get $oh))
        (loop $eachRow
          (local.set $c (local.get $row))
          (local.set $j (local.get $ow))
          (block $quadsDone
            (br_if $quadsDone (i32.lt_u (local.get $j) (i32.const 4)))
            (loop $eachQuad
              ;; Outputs 0 and 1 read the first four floats of both window rows, 2 and 3 the next.
              (local.set $a (v128.load (local.get $c)))
              (local.set $b (v128.load (i32.add (local.get $c) (local.get $w4))))
              (local.set $lo
                (f32x4.demote_f64x2_zero
                  (f64x2.div
                    (f64x2.add
                      (f64x2.add
                        (f64x2.add
                          (f64x2.add
                            (v128.const f64x2 0 0)
                            (f64x2.promote_low_f32x4
                              (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11
                                (local.get $a)
                                (local.get $a))))
                          (f64x2.promote_low_f32x4
                            (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15
                              (local.get $a)
                              (local.get $a))))
                        (f64x2.promote_low_f32x4
                          (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11
                            (local.get $b)
                            (local.get $b))))
                      (f64x2.promote_low_f32x4
                        (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15
                          (local.get $b)
                          (local.get $b))))
                    (local.get $div))))
              (local.set $a (v128.load offset=16 (local.get $c)))
              (local.set $b (v128.load offset=16 (i32.add (local.get $c) (local.get $w4))))
              (v128.store
                (local.get $out)
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                  (local.get $lo)
                  (f32x4.demote_f64x2_zero
                    (f64x2.div
                      (f64x2.add
                        (f64x2.add
                          (f64x2.add
                            (f64x2.add
                              (v128.const f64x2 0 0)
                              (f64x2.promote_low_f32x4
                                (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11
                                  (local.get $a)
                                  (local.get $a))))
                            (f64x2.promote_low_f32x4
                              (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15
                                (local.get $a)
                                (local.get $a))))
                          (f64x2.promote_low_f32x4
                            (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11
                              (local.get $b)
                              (local.get $b))))
                        (f64x2.promote_low_f32x4
                          (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15
                            (local.get $b)
                            (local.get $b))))
                      (local.get $div)))))
              (local.set $out (i32.add (local.get $out) (i32.const 16)))
              (local.set $c (i32.add (local.get $c) (i32.const 32)))
              (br_if $eachQuad
                (i32.ge_u (local.tee $j (i32.sub (local.get $j) (i32.const 4))) (i32.const 4)))))
          (block $tailDone
            (br_if $tailDone (i32.eqz (local.get $j)))
            (loop $eachTail
              (f32.store
                (local.get $out)
                (f32.demote_f64
                  (f64.div
                    (f64.add
                      (f64.add
                        (f64.add
                          (f64.add
                            (f64.const 0)
                            (f64.promote_f32 (f32.load (local.get $c))))
                          (f64.promote_f32 (f32.load offset=4 (local.get $c))))
                        (f64.promote_f32 (f32.load (i32.add (local.get $c) (local.get $w4)))))
                      (f64.promote_f32
                        (f32.load offset=4 (i32.add (local.get $c) (local.get $w4)))))
                    (local.get $divisor))))
              (local.set $out (i32.add (local.get $out) (i32.const 4)))
              (local.set $c (i32.add (local.get $c) (i32.const 8)))
              (br_if $eachTail (local.tee $j (i32.sub (local.get $j) (i32.const 1))))))
          (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
          (br_if $eachRow (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
        (local.set $x (i32.add (local.get $x) (local.get $planeBytes)))
        (br_if $eachPlane (local.tee $planes (i32.sub (local.get $planes) (i32.const 1)))))))

  ;; `avgPool2x2Backward(g, gx, planes, oh, ow, planeBytes, rowBytes, w4, divisor)`: the adjoint
  ;; of avgPool2x2 for windows that do not overlap (rowBytes at least 2 w4): each of a window's
  ;; four elements at `gx` gets 0 + g / divisor (float64, rounded once to float32; the caller
  ;; zeroes what no window covers). `g` is read one output after another.
  (func $avgPool2x2Backward (export "avgPool2x2Backward")
    (param $g i32) (param $gx i32) (param $planes i32) (param $oh i32) (param $ow i32)
    (param $planeBytes i32) (param $rowBytes i32) (param $w4 i32) (param $divisor f64)
    (local $row i32) (local $c i32) (local $i i32) (local $j i32)
    (local $v v128) (local $lo v128) (local $div v128) (local $s f32)
    (block $done
      (br_if $done
        (i32.or
          (i32.eqz (local.get $planes))
          (i32.or (i32.eqz (local.get $oh)) (i32.eqz (local.get $ow)))))
      (local.set $div (f64x2.splat (local.get $divisor)))
      (loop $eachPlane
        (local.set $row (local.get $gx))
        (local.set $i (local.get $oh))
        (loop $eachRow
          (local.set $c (local.get $row))
          (local.set $j (local.get $ow))
          (block $quadsDone
            (br_if $quadsDone (i32.lt_u (local.get $j) (i32.const 4)))
            (loop $eachQuad
              (local.set $v (v128.load (local.get $g)))
              ;; v = the four values 0 + g / divisor, rounded to float32.
              (local.set $v
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                  (f32x4.demote_f64x2_zero
                    (f64x2.add
                      (v128.const f64x2 0 0)
                      (f64x2.div (f64x2.promote_low_f32x4 (local.get $v)) (local.get $div))))
                  (f32x4.demote_f64x2_zero
                    (f64x2.add
                      (v128.const f64x2 0 0)
                      (f64x2.div
                        (f64x2.promote_low_f32x4
                          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
                            (local.get $v)
                            (local.get $v)))
                        (local.get $div))))))
              (local.set $lo
                (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $v) (local.get $v)))
              (local.set $v
                (i8x16.shuffle 8 9 10 11 8 9 10 11 12 13 14 15 12 13 14 15
                  (local.get $v)
                  (local.get $v)))
              (v128.store (local.get $c) (local.get $lo))
              (v128.store offset=16 (local.get $c) (local.get $v))
              (v128.store (i32.add (local.get $c) (local.get $w4)) (local.get $lo))
              (v128.store offset=16 (i32.add (local.get $c) (local.get $w4)) (local.get $v))
              (local.set $g (i32.add (local.get $g) (i32.const 16)))
              (local.set $c (i32.add (local.get $c) (i32.const 32)))
              (br_if $eachQuad
                (i32.ge_u (local.tee $j (i32.sub (local.get $j) (i32.const 4))) (i32.const 4)))))
          (block $tailDone
            (br_if $tailDone (i32.eqz (local.get $j)))
            (loop $eachTail
              (local.set $s
                (f32.demote_f64
                  (f64.add
                    (f64.const 0)
                    (f64.div (f64.promote_f32 (f32.load (local.get $g))) (local.get $divisor)))))
              (f32.store (local.get $c) (local.get $s))
              (f32.store offset=4 (local.get $c) (local.get $s))
              (f32.store (i32.add (local.get $c) (local.get $w4)) (local.get $s))
              (f32.store offset=4 (i32.add (local.get $c) (local.get $w4)) (local.get $s))
              (local.set $g (i32.add (local.get $g) (i32.const 4)))
              (local.set $c (i32.add (local.get $c) (i32.const 8)))
              (br_if $eachTail (local.tee $j (i32.sub (local.get $j) (i32.const 1))))))
          (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
          (br_if $eachRow (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
        (local.set $gx (i32.add (local.get $gx) (local.get $planeBytes)))
        (br_if $eachPlane (local.tee $planes (i32.sub (local.get $planes) (i32.const 1)))))))

  ;; `scatterAt(g, idx, gx, n, size)`: gx[idx[o]] += g[o] (float32) for each of the `n` outputs
  ;; whose position (a float64) is an integer in [0, size) (-0 is 0); others are skipped. First
  ;; the positions become i32 in place (idx[o] at idx + 4 o), two at a time: truncated
  ;; (saturating; NaN gives 0), kept when that converts back to the same number and lies below
  ;; `size` as an unsigned number (so is not negative), else replaced by `size`, a spare element
  ;; just past gx that the caller leaves out. Then every g[o] is added at its position.
  (func $scatterAt (export "scatterAt")
    (param $g i32) (param $idx i32) (param $gx i32) (param $n i32) (param $size i32)
    (local $src i32) (local $dst i32) (local $k i32) (local $p v128) (local $at v128)
    (local $sizes v128) (local $sp f64) (local $sat i32) (local $ptr i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $sizes (i32x4.splat (local.get $size)))
      (local.set $src (local.get $idx))
      (local.set $dst (local.get $idx))
      (local.set $k (i32.shr_u (local.get $n) (i32.const 1)))
      (block $pairsDone
        (br_if $pairsDone (i32.eqz (local.get $k)))
        (loop $eachPair
          (local.set $at (i32x4.trunc_sat_f64x2_s_zero (local.tee $p (v128.load (local.get $src)))))
          (v128.store64_lane 0
            (local.get $dst)
            (v128.bitselect
              (local.get $at)
              (local.get $sizes)
              (v128.and
                ;; f64 lanes equal: their low 32-bit halves moved to lanes 0 and 1
                (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11
                  (f64x2.eq (f64x2.convert_low_i32x4_s (local.get $at)) (local.get $p))
                  (local.get $p))
                (i32x4.lt_u (local.get $at) (local.get $sizes)))))
          (local.set $src (i32.add (local.get $src) (i32.const 16)))
          (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
          (br_if $eachPair (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))
      (if
        (i32.and (local.get $n) (i32.const 1))
        (then
          (local.set $sat (i32.trunc_sat_f64_s (local.tee $sp (f64.load (local.get $src)))))
          (i32.store
            (local.get $dst)
            (select
              (local.get $sat)
              (local.get $size)
              (i32.and
                (f64.eq (f64.convert_i32_s (local.get $sat)) (local.get $sp))
                (i32.lt_u (local.get $sat) (local.get $size)))))))
      (loop $each
        (local.set $ptr
          (i32.add (local.get $gx) (i32.shl (i32.load (local.get $idx)) (i32.const 2))))
        (f32.store (local.get $ptr) (f32.add (f32.load (local.get $ptr)) (f32.load (local.get $g))))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
        (br_if $each (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
