  ;; `gemm(a, b, c, mp, np, kc, strideA, strideB, ldc, aStep, bStep, overwrite, bias)`:
  ;; `C += A B` over `kc` steps of k, or `C = A B` when `overwrite` is 1 (the first k block: C need
  ;; not be zeroed first); when `bias` is not 0, the bias row at `bias` is added to every row of C
  ;; (the first k block passes it, 8 floats per B panel).
  ;;
  ;; Memory layout (all pointers and strides are byte offsets):
  ;; - A is in panels of MR = 4 rows: per k step, the 4 rows' floats side by side; the next k step
  ;;   is `aStep` bytes on; panel `ip` starts at `a + ip * strideA`.
  ;; - B is in panels of NR = 8 columns: per k step, the 8 columns' floats side by side; the next k
  ;;   step is `bStep` bytes on; panel `jp` starts at `b + jp * strideB`.
  ;;   Packed panels (pack.wat) have steps 16 and 32 bytes. A small row-major B (`k x n`, n a
  ;;   multiple of 8) or a transposed A (stored `k x m`, m a multiple of 4) is already in this form,
  ;;   with steps `4n` and `4m`, and is read in place.
  ;; - C is row-major with rows `ldc` bytes apart; block (ip, jp) starts at row 4 ip, column 8 jp.
  ;;
  ;; Edges: there are none here. The caller pads A's last panel with zero rows and B's with zero
  ;; columns and gives C room for `4 mp` rows of `8 np` columns, so every block is a whole 4 x 8;
  ;; it copies only the real `m x n` out of C. `mp`, `np` and `kc` must be >= 1.
  ;;
  ;; The loop nest, for each B panel jp < np, for each A panel ip < mp:
  ;;   acc[0..7] = bias row or 0      (the 4 x 8 micro-tile of C, in eight f32x4 registers:
  ;;                                   row r is $acc{2r} (columns 0-3) and $acc{2r+1} (4-7))
  ;;   for p < kc:                    (the k loop: two loads of B, four broadcasts of A,
  ;;     acc[2r + h] += A[r, p] * B[p, 4h..4h+3]      eight multiplies, eight adds)
  ;;   C block (+)= acc               (written once per k block)
  ;; The caller blocks k (kc <= 256, so a k slice of B's panel stays in L1) and the rows of A
  ;; (mp <= 16 panels, 64 rows, whose panels stay in L2 across the B panels).
  (func $gemm (export "gemm")
    (param $a i32) (param $b i32) (param $c i32) (param $mp i32) (param $np i32) (param $kc i32)
    (param $strideA i32) (param $strideB i32) (param $ldc i32) (param $aStep i32) (param $bStep i32)
    (param $overwrite i32) (param $bias i32)
    (local $jp i32) (local $ip i32) (local $ap i32) (local $bp i32) (local $p i32) (local $cp i32)
    (local $biasAt i32) (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $acc4 v128) (local $acc5 v128) (local $acc6 v128) (local $acc7 v128) (local $b0 v128)
    (local $b1 v128) (local $s v128)
    (local.set $jp (i32.const 0))
    (loop $eachPanelB
      (local.set $ip (i32.const 0))
      (loop $eachPanelA
        ;; $ap, $bp: where A's panel ip and B's panel jp start (the k loop moves them on).
        (local.set $ap (i32.add (local.get $a) (i32.mul (local.get $ip) (local.get $strideA))))
        (local.set $bp (i32.add (local.get $b) (i32.mul (local.get $jp) (local.get $strideB))))
        ;; The tile starts at the bias row's 8 columns of this B panel (every row alike), or at 0.
        (if (local.get $bias)
          (then
            (local.set $biasAt (i32.add (local.get $bias) (i32.shl (local.get $jp) (i32.const 5))))
            (local.set $acc0 (v128.load (local.get $biasAt)))
            (local.set $acc1 (v128.load offset=16 (local.get $biasAt)))
            (local.set $acc2 (local.get $acc0))
            (local.set $acc3 (local.get $acc1))
            (local.set $acc4 (local.get $acc0))
            (local.set $acc5 (local.get $acc1))
            (local.set $acc6 (local.get $acc0))
            (local.set $acc7 (local.get $acc1)))
          (else
            (local.set $acc0 (v128.const i32x4 0 0 0 0))
            (local.set $acc1 (v128.const i32x4 0 0 0 0))
            (local.set $acc2 (v128.const i32x4 0 0 0 0))
            (local.set $acc3 (v128.const i32x4 0 0 0 0))
            (local.set $acc4 (v128.const i32x4 0 0 0 0))
            (local.set $acc5 (v128.const i32x4 0 0 0 0))
            (local.set $acc6 (v128.const i32x4 0 0 0 0))
            (local.set $acc7 (v128.const i32x4 0 0 0 0))))
        ;; The k loop. $b0, $b1: B's 8 columns at step p; $s: A's row r at step p, in all 4 lanes.
        (local.set $p (local.get $kc))
        (loop $eachStep
          (local.set $b0 (v128.load (local.get $bp)))
          (local.set $b1 (v128.load offset=16 (local.get $bp)))
          ;; Row 0.
          (local.set $s (v128.load32_splat (local.get $ap)))
          (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (local.get $b1))))
          ;; Row 1.
          (local.set $s (v128.load32_splat offset=4 (local.get $ap)))
          (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $acc3 (f32x4.add (local.get $acc3) (f32x4.mul (local.get $s) (local.get $b1))))
          ;; Row 2.
          (local.set $s (v128.load32_splat offset=8 (local.get $ap)))
          (local.set $acc4 (f32x4.add (local.get $acc4) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $acc5 (f32x4.add (local.get $acc5) (f32x4.mul (local.get $s) (local.get $b1))))
          ;; Row 3.
          (local.set $s (v128.load32_splat offset=12 (local.get $ap)))
          (local.set $acc6 (f32x4.add (local.get $acc6) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set $acc7 (f32x4.add (local.get $acc7) (f32x4.mul (local.get $s) (local.get $b1))))
          ;; The next k step of each panel.
          (local.set $ap (i32.add (local.get $ap) (local.get $aStep)))
          (local.set $bp (i32.add (local.get $bp) (local.get $bStep)))
          (br_if $eachStep (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))
        ;; $cp = c + 4 ip ldc + 32 jp: the tile's top-left corner in C, then each next row.
        (local.set $cp
          (i32.add
            (i32.add
              (local.get $c)
              (i32.shl (i32.mul (local.get $ip) (local.get $ldc)) (i32.const 2)))
            (i32.shl (local.get $jp) (i32.const 5))))
        ;; Store the tile into C (the first k block) or add it to what earlier k blocks left there.
        (if (local.get $overwrite)
          (then
            (v128.store (local.get $cp) (local.get $acc0))
            (v128.store offset=16 (local.get $cp) (local.get $acc1))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (local.get $acc2))
            (v128.store offset=16 (local.get $cp) (local.get $acc3))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (local.get $acc4))
            (v128.store offset=16 (local.get $cp) (local.get $acc5))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (local.get $acc6))
            (v128.store offset=16 (local.get $cp) (local.get $acc7)))
          (else
            (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (local.get $acc0)))
            (v128.store offset=16
              (local.get $cp)
              (f32x4.add (v128.load offset=16 (local.get $cp)) (local.get $acc1)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (local.get $acc2)))
            (v128.store offset=16
              (local.get $cp)
              (f32x4.add (v128.load offset=16 (local.get $cp)) (local.get $acc3)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (local.get $acc4)))
            (v128.store offset=16
              (local.get $cp)
              (f32x4.add (v128.load offset=16 (local.get $cp)) (local.get $acc5)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (local.get $acc6)))
            (v128.store offset=16
              (local.get $cp)
              (f32x4.add (v128.load offset=16 (local.get $cp)) (local.get $acc7)))))
        (br_if $eachPanelA
          (i32.lt_u (local.tee $ip (i32.add (local.get $ip) (i32.const 1))) (local.get $mp))))
      (br_if $eachPanelB
        (i32.lt_u (local.tee $jp (i32.add (local.get $jp) (i32.const 1))) (local.get $np)))))
