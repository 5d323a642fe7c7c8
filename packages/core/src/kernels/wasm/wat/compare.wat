  ;; Elementwise comparisons on float32, four lanes at a time, as 1.0 (true) or 0.0 (false);
  ;; NaN compares unequal to everything, itself included. Same contract as arithmetic.wat:
  ;; `n4` groups of four at byte offsets `a`, `b`, `out`; `<op>VS` compares with the one float
  ;; at `s`; `out` may be `a` or `b`.

  ;; `gtVV(a, b, out, n4)`: out[i] = a[i] > b[i] ? 1.0 : 0.0 (the comparison's lane
  ;; mask ANDed with the bits of 1.0).
  (func $gtVV (export "gtVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.gt (v128.load (local.get $a)) (v128.load (local.get $b)))
            (v128.const f32x4 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `gtVS(a, s, out, n4)`: as gtVV with the scalar at `s` for every b[i].
  (func $gtVS (export "gtVS") (param $a i32) (param $s i32) (param $out i32) (param $n4 i32)
    (local $sv v128)
    (local.set $sv (v128.load32_splat (local.get $s)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.gt (v128.load (local.get $a)) (local.get $sv))
            (v128.const f32x4 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `geVV(a, b, out, n4)`: out[i] = a[i] >= b[i] ? 1.0 : 0.0 (the comparison's lane
  ;; mask ANDed with the bits of 1.0).
  (func $geVV (export "geVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.ge (v128.load (local.get $a)) (v128.load (local.get $b)))
            (v128.const f32x4 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `geVS(a, s, out, n4)`: as geVV with the scalar at `s` for every b[i].
  (func $geVS (export "geVS") (param $a i32) (param $s i32) (param $out i32) (param $n4 i32)
    (local $sv v128)
    (local.set $sv (v128.load32_splat (local.get $s)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.ge (v128.load (local.get $a)) (local.get $sv))
            (v128.const f32x4 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `ltVV(a, b, out, n4)`: out[i] = a[i] < b[i] ? 1.0 : 0.0 (the comparison's lane
  ;; mask ANDed with the bits of 1.0).
  (func $ltVV (export "ltVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.lt (v128.load (local.get $a)) (v128.load (local.get $b)))
            (v128.const f32x4 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `ltVS(a, s, out, n4)`: as ltVV with the scalar at `s` for every b[i].
  (func $ltVS (export "ltVS") (param $a i32) (param $s i32) (param $out i32) (param $n4 i32)
    (local $sv v128)
    (local.set $sv (v128.load32_splat (local.get $s)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.lt (v128.load (local.get $a)) (local.get $sv))
            (v128.const f32x4 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `leVV(a, b, out, n4)`: out[i] = a[i] <= b[i] ? 1.0 : 0.0 (the comparison's lane
  ;; mask ANDed with the bits of 1.0).
  (func $leVV (export "leVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.le (v128.load (local.get $a)) (v128.load (local.get $b)))
            (v128.const f32x4 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `leVS(a, s, out, n4)`: as leVV with the scalar at `s` for every b[i].
  (func $leVS (export "leVS") (param $a i32) (param $s i32) (param $out i32) (param $n4 i32)
    (local $sv v128)
    (local.set $sv (v128.load32_splat (local.get $s)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.le (v128.load (local.get $a)) (local.get $sv))
            (v128.const f32x4 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `eqVV(a, b, out, n4)`: out[i] = a[i] == b[i] ? 1.0 : 0.0 (the comparison's lane
  ;; mask ANDed with the bits of 1.0).
  (func $eqVV (export "eqVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.eq (v128.load (local.get $a)) (v128.load (local.get $b)))
            (v128.const f32x4 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `eqVS(a, s, out, n4)`: as eqVV with the scalar at `s` for every b[i].
  (func $eqVS (export "eqVS") (param $a i32) (param $s i32) (param $out i32) (param $n4 i32)
    (local $sv v128)
    (local.set $sv (v128.load32_splat (local.get $s)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.eq (v128.load (local.get $a)) (local.get $sv))
            (v128.const f32x4 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `neVV(a, b, out, n4)`: out[i] = a[i] != b[i] ? 1.0 : 0.0 (the comparison's lane
  ;; mask ANDed with the bits of 1.0).
  (func $neVV (export "neVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.ne (v128.load (local.get $a)) (v128.load (local.get $b)))
            (v128.const f32x4 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `neVS(a, s, out, n4)`: as neVV with the scalar at `s` for every b[i].
  (func $neVS (export "neVS") (param $a i32) (param $s i32) (param $out i32) (param $n4 i32)
    (local $sv v128)
    (local.set $sv (v128.load32_splat (local.get $s)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.ne (v128.load (local.get $a)) (local.get $sv))
            (v128.const f32x4 1 1 1 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))
