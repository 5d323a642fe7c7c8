  ;; Packing: copies a matrix operand into the panel layout gemm.wat reads (panels of `2^lw`
  ;; rows, 4 for A and 8 for B; within a panel, the rows' floats side by side for each k step).
  ;; All pointers and strides are byte offsets; `rows` and `k` may be 0.

  ;; `pack(src, dst, rows, k, rs, ps, lw)`: copies element `(row, p)` of a matrix stored at `src`
  ;; (byte strides `rs` per row, `ps` per k step) to panel `row >> lw`, lane `row & (2^lw - 1)` of
  ;; the k-major panel layout at `dst` (panels of `2^lw` rows, `2^lw * k` floats each). Lanes past
  ;; `rows` are left alone (the caller zeroes them).
  (func $pack (export "pack")
    (param $src i32) (param $dst i32) (param $rows i32) (param $k i32) (param $rs i32)
    (param $ps i32) (param $lw i32)
    (local $row i32) (local $p i32) (local $sp i32) (local $dp i32) (local $step i32)
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $k))))
      (local.set $step (i32.shl (i32.const 4) (local.get $lw)))
      (local.set $row (i32.const 0))
      (loop $eachRow
        (local.set $dp
          (i32.add
            (i32.add
              (local.get $dst)
              (i32.mul
                (i32.shr_u (local.get $row) (local.get $lw))
                (i32.shl (local.get $k) (i32.add (local.get $lw) (i32.const 2)))))
            (i32.shl
              (i32.and
                (local.get $row)
                (i32.sub (i32.shl (i32.const 1) (local.get $lw)) (i32.const 1)))
              (i32.const 2))))
        (local.set $sp (i32.add (local.get $src) (i32.mul (local.get $row) (local.get $rs))))
        (local.set $p (local.get $k))
        (loop $eachStep
          (f32.store (local.get $dp) (f32.load (local.get $sp)))
          (local.set $dp (i32.add (local.get $dp) (local.get $step)))
          (local.set $sp (i32.add (local.get $sp) (local.get $ps)))
          (br_if $eachStep (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))
        (br_if $eachRow
          (i32.lt_u (local.tee $row (i32.add (local.get $row) (i32.const 1))) (local.get $rows))))))

  ;; `packT(src, dst, rows, k, ps, lw)`: $pack for a source whose rows are contiguous (row
  ;; stride 4 bytes, k stride `ps`): walks k outermost so reads are sequential.
  (func $packT (export "packT")
    (param $src i32) (param $dst i32) (param $rows i32) (param $k i32) (param $ps i32)
    (param $lw i32)
    (local $row i32) (local $p i32) (local $sp i32) (local $dp i32) (local $panel i32)
    (local $mask i32)
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $k))))
      (local.set $panel (i32.shl (local.get $k) (i32.add (local.get $lw) (i32.const 2))))
      (local.set $mask (i32.sub (i32.shl (i32.const 1) (local.get $lw)) (i32.const 1)))
      (local.set $p (i32.const 0))
      (loop $eachStep
        (local.set $sp (i32.add (local.get $src) (i32.mul (local.get $p) (local.get $ps))))
        (local.set $row (i32.const 0))
        (loop $eachRow
          (local.set $dp
            (i32.add
              (i32.add
                (local.get $dst)
                (i32.mul (i32.shr_u (local.get $row) (local.get $lw)) (local.get $panel)))
              (i32.shl
                (i32.add
                  (i32.shl (local.get $p) (local.get $lw))
                  (i32.and (local.get $row) (local.get $mask)))
                (i32.const 2))))
          (f32.store (local.get $dp) (f32.load (local.get $sp)))
          (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
          (br_if $eachRow
            (i32.lt_u (local.tee $row (i32.add (local.get $row) (i32.const 1))) (local.get $rows))))
        (br_if $eachStep
          (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $k))))))

  ;; `packTv(src, dst, panels, k, ps, lw)`: $packT for `panels` whole panels of 4 (`lw` = 2) or
  ;; 8 (`lw` = 3) rows, copied as vectors: each k step of the source (its row `p`, read in
  ;; order) holds the panels' 4 or 8 floats side by side, and each such run goes whole to step `p`
  ;; of its panel. The same bytes as $packT, a vector at a time instead of a float.
  (func $packTv (export "packTv")
    (param $src i32) (param $dst i32) (param $panels i32) (param $k i32) (param $ps i32)
    (param $lw i32)
    (local $p i32) (local $j i32) (local $sp i32) (local $dp i32) (local $step i32)
    (local $panel i32)
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $panels)) (i32.eqz (local.get $k))))
      ;; Bytes of one k step in a panel (16 or 32), and of a whole panel.
      (local.set $step (i32.shl (i32.const 4) (local.get $lw)))
      (local.set $panel (i32.mul (local.get $k) (local.get $step)))
      (local.set $p (i32.const 0))
      (loop $eachStep
        (local.set $sp (i32.add (local.get $src) (i32.mul (local.get $p) (local.get $ps))))
        (local.set $dp (i32.add (local.get $dst) (i32.mul (local.get $p) (local.get $step))))
        (local.set $j (local.get $panels))
        (if (i32.eq (local.get $lw) (i32.const 3))
          (then
            (loop $eachPanel8
              (v128.store (local.get $dp) (v128.load (local.get $sp)))
              (v128.store offset=16 (local.get $dp) (v128.load offset=16 (local.get $sp)))
              (local.set $sp (i32.add (local.get $sp) (i32.const 32)))
              (local.set $dp (i32.add (local.get $dp) (local.get $panel)))
              (br_if $eachPanel8 (local.tee $j (i32.sub (local.get $j) (i32.const 1))))))
          (else
            (loop $eachPanel4
              (v128.store (local.get $dp) (v128.load (local.get $sp)))
              (local.set $sp (i32.add (local.get $sp) (i32.const 16)))
              (local.set $dp (i32.add (local.get $dp) (local.get $panel)))
              (br_if $eachPanel4 (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))))
        (br_if $eachStep
          (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $k))))))

  ;; `packRows<w>(src, dst, rows, k, rs)`: $pack into panels of `w` (4 or 8) rows for a
  ;; source whose k steps are contiguous (`ps` = 4 bytes, rows `rs` bytes apart), with `rows` and
  ;; `k` multiples of 4: four rows by four k steps at a time, as four vector loads, a 4 x 4
  ;; transpose in eight shuffles and four vector stores (a row-major A, or a B stored transposed, as
  ;; `nn.Linear`'s weight is).
  (func $packRows4 (export "packRows4")
    (param $src i32) (param $dst i32) (param $rows i32) (param $k i32) (param $rs i32)
    (local $row i32) (local $sp i32) (local $dp i32) (local $p4 i32) (local $rs2 i32)
    (local $rs3 i32) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local $v0 v128) (local $v1 v128)
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $k))))
      (local.set $rs3
        (i32.add (local.tee $rs2 (i32.shl (local.get $rs) (i32.const 1))) (local.get $rs)))
      (local.set $row (i32.const 0))
      (loop $eachFourRows
        (local.set $sp (i32.add (local.get $src) (i32.mul (local.get $row) (local.get $rs))))
        (local.set $dp
          (i32.add
            (i32.add
              (local.get $dst)
              (i32.mul
                (i32.shr_u (local.get $row) (i32.const 2))
                (i32.shl (local.get $k) (i32.const 4))))
            (i32.shl (i32.and (local.get $row) (i32.const 3)) (i32.const 2))))
        (local.set $p4 (i32.shr_u (local.get $k) (i32.const 2)))
        (loop $eachFourSteps
          (local.set $t0
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.tee $v0 (v128.load (local.get $sp)))
              (local.tee $v1 (v128.load (i32.add (local.get $sp) (local.get $rs))))))
          (local.set $t1
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $v0)
              (local.get $v1)))
          (local.set $t2
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.tee $v0 (v128.load (i32.add (local.get $sp) (local.get $rs2))))
              (local.tee $v1 (v128.load (i32.add (local.get $sp) (local.get $rs3))))))
          (local.set $t3
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $v0)
              (local.get $v1)))
          (v128.store
            (local.get $dp)
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
          (v128.store offset=16
            (local.get $dp)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
              (local.get $t0)
              (local.get $t2)))
          (v128.store offset=32
            (local.get $dp)
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
          (v128.store offset=48
            (local.get $dp)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
              (local.get $t1)
              (local.get $t3)))
          (local.set $sp (i32.add (local.get $sp) (i32.const 16)))
          (local.set $dp (i32.add (local.get $dp) (i32.const 64)))
          (br_if $eachFourSteps (local.tee $p4 (i32.sub (local.get $p4) (i32.const 1)))))
        (br_if $eachFourRows
          (i32.lt_u (local.tee $row (i32.add (local.get $row) (i32.const 4))) (local.get $rows))))))

  ;; `packRows8(src, dst, rows, k, rs)`: as packRows4, into panels of 8 rows (the layout of B).
  (func $packRows8 (export "packRows8")
    (param $src i32) (param $dst i32) (param $rows i32) (param $k i32) (param $rs i32)
    (local $row i32) (local $sp i32) (local $dp i32) (local $p4 i32) (local $rs2 i32)
    (local $rs3 i32) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local $v0 v128) (local $v1 v128)
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $k))))
      (local.set $rs3
        (i32.add (local.tee $rs2 (i32.shl (local.get $rs) (i32.const 1))) (local.get $rs)))
      (local.set $row (i32.const 0))
      (loop $eachFourRows
        (local.set $sp (i32.add (local.get $src) (i32.mul (local.get $row) (local.get $rs))))
        (local.set $dp
          (i32.add
            (i32.add
              (local.get $dst)
              (i32.mul
                (i32.shr_u (local.get $row) (i32.const 3))
                (i32.shl (local.get $k) (i32.const 5))))
            (i32.shl (i32.and (local.get $row) (i32.const 7)) (i32.const 2))))
        (local.set $p4 (i32.shr_u (local.get $k) (i32.const 2)))
        (loop $eachFourSteps
          (local.set $t0
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.tee $v0 (v128.load (local.get $sp)))
              (local.tee $v1 (v128.load (i32.add (local.get $sp) (local.get $rs))))))
          (local.set $t1
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $v0)
              (local.get $v1)))
          (local.set $t2
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.tee $v0 (v128.load (i32.add (local.get $sp) (local.get $rs2))))
              (local.tee $v1 (v128.load (i32.add (local.get $sp) (local.get $rs3))))))
          (local.set $t3
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $v0)
              (local.get $v1)))
          (v128.store
            (local.get $dp)
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
          (v128.store offset=32
            (local.get $dp)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
              (local.get $t0)
              (local.get $t2)))
          (v128.store offset=64
            (local.get $dp)
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
          (v128.store offset=96
            (local.get $dp)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
              (local.get $t1)
              (local.get $t3)))
          (local.set $sp (i32.add (local.get $sp) (i32.const 16)))
          (local.set $dp (i32.add (local.get $dp) (i32.const 128)))
          (br_if $eachFourSteps (local.tee $p4 (i32.sub (local.get $p4) (i32.const 1)))))
        (br_if $eachFourRows
          (i32.lt_u (local.tee $row (i32.add (local.get $row) (i32.const 4))) (local.get $rows))))))
