  ;; `gemm(a, b, c, mp, np, kc, strideA, strideB, ldc, aStep, bStep, overwrite, bias)`:
  ;; `C += A B` (`C = A B` when `overwrite` is 1, so the first k block needs no zeroed C; plus the
  ;; row `bias`, 8 floats per B panel, added to every row when `bias` is not 0) on panels: A
  ;; in panels of 4 rows (4 consecutive floats per k step, the next k step `aStep` bytes on), B in
  ;; panels of 8 columns (8 consecutive floats per k step, `bStep` bytes on); panel `ip` of A
  ;; starts `ip * strideA` bytes in, panel `jp` of B `jp * strideB`. Packed panels have steps 16
  ;; and 32; a small row-major B (`k x n`, n a multiple of 8) or a transposed A (stored `k x m`)
  ;; is already in this form with steps `4n` and `4m`, and needs no packing. For every B panel
  ;; `jp < np` and A panel `ip < mp`, a 4 x 8 block of C is held in eight f32x4 registers over
  ;; `kc` steps (per step: two B loads, four broadcast loads of A, eight multiplies and eight
  ;; adds), then added into C (row stride `ldc` bytes). All pointers and strides are byte
  ;; offsets; `mp`, `np`, `kc` must be >= 1.
  (func $gemm (export "gemm") (param $a i32) (param $b i32) (param $c i32) (param $mp i32) (param $np i32) (param $kc i32) (param $strideA i32) (param $strideB i32) (param $ldc i32) (param $aStep i32) (param $bStep i32) (param $overwrite i32) (param $bias i32)
    (local $jp i32) (local $ip i32) (local $ap i32) (local $bp i32) (local $p i32) (local $cp i32) (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $acc4 v128) (local $acc5 v128) (local $acc6 v128) (local $acc7 v128) (local $b0 v128) (local $b1 v128) (local $s v128)
    ;; The loop nest: for each 8-column panel of B (jp), for each 4-row panel of A (ip), one
    ;; 4 x 8 block of C lives in the eight registers $acc0..$acc7 (row r in $acc{2r}, $acc{2r+1})
    ;; for all kc steps of k, and is written to C once. The caller blocks k (kc <= 256, so a slice
    ;; of B's panel stays in L1) and the rows of A (mp <= 16 panels, 64 rows, in L2).
    (local.set $jp
      (i32.const 0))
    (loop $L0
      (local.set $ip
        (i32.const 0))
      (loop $L1
        ;; $ap, $bp: the start of A's panel ip and of B's panel jp.
        (local.set $ap
          (i32.add
            (local.get $a)
            (i32.mul
              (local.get $ip)
              (local.get $strideA))))
        (local.set $bp
          (i32.add
            (local.get $b)
            (i32.mul
              (local.get $jp)
              (local.get $strideB))))
        ;; The accumulators start at the bias row's 8 columns of this B panel, or at zero.
        (if $I2
          (local.get $bias)
          (then
            (local.set $acc0
              (v128.load
                (i32.add
                  (local.get $bias)
                  (i32.shl
                    (local.get $jp)
                    (i32.const 5)))))
            (local.set $acc1
              (v128.load offset=16
                (i32.add
                  (local.get $bias)
                  (i32.shl
                    (local.get $jp)
                    (i32.const 5)))))
            (local.set $acc2
              (v128.load
                (i32.add
                  (local.get $bias)
                  (i32.shl
                    (local.get $jp)
                    (i32.const 5)))))
            (local.set $acc3
              (v128.load offset=16
                (i32.add
                  (local.get $bias)
                  (i32.shl
                    (local.get $jp)
                    (i32.const 5)))))
            (local.set $acc4
              (v128.load
                (i32.add
                  (local.get $bias)
                  (i32.shl
                    (local.get $jp)
                    (i32.const 5)))))
            (local.set $acc5
              (v128.load offset=16
                (i32.add
                  (local.get $bias)
                  (i32.shl
                    (local.get $jp)
                    (i32.const 5)))))
            (local.set $acc6
              (v128.load
                (i32.add
                  (local.get $bias)
                  (i32.shl
                    (local.get $jp)
                    (i32.const 5)))))
            (local.set $acc7
              (v128.load offset=16
                (i32.add
                  (local.get $bias)
                  (i32.shl
                    (local.get $jp)
                    (i32.const 5))))))
          (else
            (local.set $acc0
              (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000))
            (local.set $acc1
              (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000))
            (local.set $acc2
              (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000))
            (local.set $acc3
              (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000))
            (local.set $acc4
              (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000))
            (local.set $acc5
              (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000))
            (local.set $acc6
              (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000))
            (local.set $acc7
              (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000))))
        ;; The k loop: per step two loads of B (8 columns), four broadcasts of A (4 rows),
        ;; eight multiplies and eight adds into the block.
        (local.set $p
          (local.get $kc))
        (loop $L3
          (local.set $b0
            (v128.load
              (local.get $bp)))
          (local.set $b1
            (v128.load offset=16
              (local.get $bp)))
          (local.set $acc0
            (f32x4.add
              (local.get $acc0)
              (f32x4.mul
                (local.tee $s
                  (v128.load32_splat
                    (local.get $ap)))
                (local.get $b0))))
          (local.set $acc1
            (f32x4.add
              (local.get $acc1)
              (f32x4.mul
                (local.get $s)
                (local.get $b1))))
          (local.set $acc2
            (f32x4.add
              (local.get $acc2)
              (f32x4.mul
                (local.tee $s
                  (v128.load32_splat offset=4
                    (local.get $ap)))
                (local.get $b0))))
          (local.set $acc3
            (f32x4.add
              (local.get $acc3)
              (f32x4.mul
                (local.get $s)
                (local.get $b1))))
          (local.set $acc4
            (f32x4.add
              (local.get $acc4)
              (f32x4.mul
                (local.tee $s
                  (v128.load32_splat offset=8
                    (local.get $ap)))
                (local.get $b0))))
          (local.set $acc5
            (f32x4.add
              (local.get $acc5)
              (f32x4.mul
                (local.get $s)
                (local.get $b1))))
          (local.set $acc6
            (f32x4.add
              (local.get $acc6)
              (f32x4.mul
                (local.tee $s
                  (v128.load32_splat offset=12
                    (local.get $ap)))
                (local.get $b0))))
          (local.set $acc7
            (f32x4.add
              (local.get $acc7)
              (f32x4.mul
                (local.get $s)
                (local.get $b1))))
          ;; The next k step of each panel.
          (local.set $ap
            (i32.add
              (local.get $ap)
              (local.get $aStep)))
          (local.set $bp
            (i32.add
              (local.get $bp)
              (local.get $bStep)))
          (br_if $L3
            (local.tee $p
              (i32.sub
                (local.get $p)
                (i32.const 1)))))
        ;; $cp = c + ip * 4 * ldc + jp * 32: the block's top-left corner in C.
        (local.set $cp
          (i32.add
            (i32.add
              (local.get $c)
              (i32.shl
                (i32.mul
                  (local.get $ip)
                  (local.get $ldc))
                (i32.const 2)))
            (i32.shl
              (local.get $jp)
              (i32.const 5))))
        ;; Store the block into C (the first k block, overwrite = 1, so C needs no zeroing) or
        ;; add it to what earlier k blocks left there; one row of C is ldc bytes.
        (if $I4
          (local.get $overwrite)
          (then
            (v128.store
              (local.get $cp)
              (local.get $acc0))
            (v128.store offset=16
              (local.get $cp)
              (local.get $acc1))
            (local.set $cp
              (i32.add
                (local.get $cp)
                (local.get $ldc)))
            (v128.store
              (local.get $cp)
              (local.get $acc2))
            (v128.store offset=16
              (local.get $cp)
              (local.get $acc3))
            (local.set $cp
              (i32.add
                (local.get $cp)
                (local.get $ldc)))
            (v128.store
              (local.get $cp)
              (local.get $acc4))
            (v128.store offset=16
              (local.get $cp)
              (local.get $acc5))
            (local.set $cp
              (i32.add
                (local.get $cp)
                (local.get $ldc)))
            (v128.store
              (local.get $cp)
              (local.get $acc6))
            (v128.store offset=16
              (local.get $cp)
              (local.get $acc7))
            (local.set $cp
              (i32.add
                (local.get $cp)
                (local.get $ldc))))
          (else
            (v128.store
              (local.get $cp)
              (f32x4.add
                (v128.load
                  (local.get $cp))
                (local.get $acc0)))
            (v128.store offset=16
              (local.get $cp)
              (f32x4.add
                (v128.load offset=16
                  (local.get $cp))
                (local.get $acc1)))
            (local.set $cp
              (i32.add
                (local.get $cp)
                (local.get $ldc)))
            (v128.store
              (local.get $cp)
              (f32x4.add
                (v128.load
                  (local.get $cp))
                (local.get $acc2)))
            (v128.store offset=16
              (local.get $cp)
              (f32x4.add
                (v128.load offset=16
                  (local.get $cp))
                (local.get $acc3)))
            (local.set $cp
              (i32.add
                (local.get $cp)
                (local.get $ldc)))
            (v128.store
              (local.get $cp)
              (f32x4.add
                (v128.load
                  (local.get $cp))
                (local.get $acc4)))
            (v128.store offset=16
              (local.get $cp)
              (f32x4.add
                (v128.load offset=16
                  (local.get $cp))
                (local.get $acc5)))
            (local.set $cp
              (i32.add
                (local.get $cp)
                (local.get $ldc)))
            (v128.store
              (local.get $cp)
              (f32x4.add
                (v128.load
                  (local.get $cp))
                (local.get $acc6)))
            (v128.store offset=16
              (local.get $cp)
              (f32x4.add
                (v128.load offset=16
                  (local.get $cp))
                (local.get $acc7)))
            (local.set $cp
              (i32.add
                (local.get $cp)
                (local.get $ldc)))))
      ;; Next A panel; then, below, the next B panel.
        (br_if $L1
          (i32.lt_u
            (local.tee $ip
              (i32.add
                (local.get $ip)
                (i32.const 1)))
            (local.get $mp))))
      (br_if $L0
        (i32.lt_u
          (local.tee $jp
            (i32.add
              (local.get $jp)
              (i32.const 1)))
          (local.get $np)))))
