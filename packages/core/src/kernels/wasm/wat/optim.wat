  ;; `adam(w, g, m, v, vmax, n2, b1, b2, c1, c2, wd, decay, stepSize, bc2Sqrt, eps, flags)`: one
  ;; Adam / AdamW update (Kernels.adam) of `n2` pairs of elements, two per f64x2: `w` and `g` are
  ;; f32, `m`, `v` and `vmax` f64, updated in place. Flags: bit 0 decoupled weight decay (AdamW),
  ;; bit 1 AMSGrad (`vmax` read and written; else unused). The operations and their order are
  ;; those of kernels/optim.ts's adamRange, each correctly rounded in float64, and w is rounded
  ;; once to f32 (demote, to nearest even), so the results are the same bits.
  (func $adam (export "adam")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $vmax i32) (param $n2 i32)
    (param $b1 f64) (param $b2 f64) (param $c1 f64) (param $c2 f64) (param $wd f64)
    (param $decay f64) (param $stepSize f64) (param $bc2Sqrt f64) (param $eps f64)
    (param $flags i32)
    (local $B1 v128) (local $B2 v128) (local $C1 v128) (local $C2 v128) (local $WD v128)
    (local $DECAY v128) (local $STEP v128) (local $BC2 v128) (local $EPS v128)
    (local $wv v128) (local $gv v128) (local $mv v128) (local $vv v128)
    (local.set $B1 (f64x2.splat (local.get $b1)))
    (local.set $B2 (f64x2.splat (local.get $b2)))
    (local.set $C1 (f64x2.splat (local.get $c1)))
    (local.set $C2 (f64x2.splat (local.get $c2)))
    (local.set $WD (f64x2.splat (local.get $wd)))
    (local.set $DECAY (f64x2.splat (local.get $decay)))
    (local.set $STEP (f64x2.splat (local.get $stepSize)))
    (local.set $BC2 (f64x2.splat (local.get $bc2Sqrt)))
    (local.set $EPS (f64x2.splat (local.get $eps)))
    (block $done
      (br_if $done (i32.eqz (local.get $n2)))
      (loop $eachPair
        (local.set $wv (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $w))))
        (local.set $gv (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $g))))
        (if (i32.and (local.get $flags) (i32.const 1))
          (then (local.set $wv (f64x2.mul (local.get $wv) (local.get $DECAY))))
          (else
            (local.set $gv
              (f64x2.add (local.get $gv) (f64x2.mul (local.get $WD) (local.get $wv))))))
        ;; m = b1 m + c1 g; v = b2 v + (c2 g) g
        (local.set $mv
          (f64x2.add
            (f64x2.mul (local.get $B1) (v128.load (local.get $m)))
            (f64x2.mul (local.get $C1) (local.get $gv))))
        (local.set $vv
          (f64x2.add
            (f64x2.mul (local.get $B2) (v128.load (local.get $v)))
            (f64x2.mul (f64x2.mul (local.get $C2) (local.get $gv)) (local.get $gv))))
        (v128.store (local.get $m) (local.get $mv))
        (v128.store (local.get $v) (local.get $vv))
        (if (i32.and (local.get $flags) (i32.const 2))
          (then
            (local.set $vv (f64x2.max (v128.load (local.get $vmax)) (local.get $vv)))
            (v128.store (local.get $vmax) (local.get $vv))
            (local.set $vmax (i32.add (local.get $vmax) (i32.const 16)))))
        ;; w = w - stepSize (m / (sqrt(v) / bc2Sqrt + eps)), rounded to f32
        (v128.store64_lane 0
          (local.get $w)
          (f32x4.demote_f64x2_zero
            (f64x2.sub
              (local.get $wv)
              (f64x2.mul
                (local.get $STEP)
                (f64x2.div
                  (local.get $mv)
                  (f64x2.add
                    (f64x2.div (f64x2.sqrt (local.get $vv)) (local.get $BC2))
                    (local.get $EPS)))))))
        (local.set $w (i32.add (local.get $w) (i32.const 8)))
        (local.set $g (i32.add (local.get $g) (i32.const 8)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br_if $eachPair (local.tee $n2 (i32.sub (local.get $n2) (i32.const 1)))))))
