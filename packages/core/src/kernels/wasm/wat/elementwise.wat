  ;; The module's one memory, exported: the TypeScript side (context.ts) copies operands in from
  ;; byte 0 and grows it when they do not fit (16 pages of 64 KiB to start).
  (memory $memory (export "memory") 16)

  ;; `colsum(x, out, rows, c4)`: `out[j] += x[i * 4 c4 + j]` for every row `i < rows`, `j < 4 c4`:
  ;; the column sums of a row-major `rows x 4 c4` matrix (a bias gradient), accumulated row by row
  ;; in float32 into `out` (which the caller zeroes).
  (func $colsum (export "colsum") (param $x i32) (param $out i32) (param $rows i32) (param $c4 i32)
    (local $j i32) (local $o i32)
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $c4))))
      (loop $eachRow
        (local.set $j (local.get $c4))
        (local.set $o (local.get $out))
        (loop $eachGroup
          (v128.store
            (local.get $o)
            (f32x4.add (v128.load (local.get $o)) (v128.load (local.get $x))))
          (local.set $o (i32.add (local.get $o) (i32.const 16)))
          (local.set $x (i32.add (local.get $x) (i32.const 16)))
          (br_if $eachGroup (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))
        (br_if $eachRow (local.tee $rows (i32.sub (local.get $rows) (i32.const 1)))))))

  ;; `axpy(x, y, out, n4, alpha)`: `out = y + alpha x` over `n4` groups of four f32, computed in
  ;; f64x2 and rounded once (as the TypeScript kernels compute it in doubles, so the float32 results
  ;; are identical).
  (func $axpy (export "axpy")
    (param $x i32) (param $y i32) (param $out i32) (param $n4 i32) (param $alpha f64)
    (local $a2 v128) (local $xv v128) (local $yv v128) (local $lo v128)
    (local.set $a2 (f64x2.splat (local.get $alpha)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        ;; Lanes 0-1 in float64, rounded to float32 into $lo's low half; then lanes 2-3 (moved
        ;; down by a shuffle), and the two halves joined.
        (local.set $lo
          (f32x4.demote_f64x2_zero
            (f64x2.add
              (f64x2.promote_low_f32x4 (local.tee $yv (v128.load (local.get $y))))
              (f64x2.mul
                (f64x2.promote_low_f32x4 (local.tee $xv (v128.load (local.get $x))))
                (local.get $a2)))))
        (v128.store
          (local.get $out)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (local.get $lo)
            (f32x4.demote_f64x2_zero
              (f64x2.add
                (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
                    (local.get $yv)
                    (local.get $yv)))
                (f64x2.mul
                  (f64x2.promote_low_f32x4
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
                      (local.get $xv)
                      (local.get $xv)))
                  (local.get $a2))))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `negU(x, out, n4)`: out[i] = -x[i] over `n4` groups of four f32 (`out` may be `x`).
  (func $negU (export "negU") (param $x i32) (param $out i32) (param $n4 i32)
    (local $v v128)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (local.set $v (v128.load (local.get $x)))
        (v128.store (local.get $out) (f32x4.neg (local.get $v)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `absU(x, out, n4)`: out[i] = |x[i]| over `n4` groups of four f32 (`out` may be `x`).
  (func $absU (export "absU") (param $x i32) (param $out i32) (param $n4 i32)
    (local $v v128)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (local.set $v (v128.load (local.get $x)))
        (v128.store (local.get $out) (f32x4.abs (local.get $v)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `sqrtU(x, out, n4)`: out[i] = sqrt(x[i]) over `n4` groups of four f32 (`out` may be `x`).
  (func $sqrtU (export "sqrtU") (param $x i32) (param $out i32) (param $n4 i32)
    (local $v v128)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (local.set $v (v128.load (local.get $x)))
        (v128.store (local.get $out) (f32x4.sqrt (local.get $v)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `squareU(x, out, n4)`: out[i] = x[i] * x[i] over `n4` groups of four f32 (`out` may be `x`).
  (func $squareU (export "squareU") (param $x i32) (param $out i32) (param $n4 i32)
    (local $v v128)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (local.set $v (v128.load (local.get $x)))
        (v128.store (local.get $out) (f32x4.mul (local.get $v) (local.get $v)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))
