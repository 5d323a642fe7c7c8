  ;; Elementwise arithmetic on float32, four lanes at a time. Common contract: `a`, `b`, `out`
  ;; are byte offsets of float32 arrays holding `n4` groups of four (the caller finishes the last
  ;; 0-3 elements in TypeScript); `<op>VV` combines a[i] with b[i], `<op>VS` with the one float at
  ;; `s`. `out` may be `a` or `b` (each group is loaded before it is stored). Results are the
  ;; IEEE float32 operation, the same bits as the TypeScript kernels; max and min return NaN if
  ;; either operand is NaN, and max(+0, -0) = +0, min(+0, -0) = -0 (the TypeScript kernels, which
  ;; let the first operand win ties, may return the other zero).

  ;; `addVV(a, b, out, n4)`: out[i] = a[i] + b[i], n4 groups of four f32.
  (func $addVV (export "addVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (f32x4.add (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `addVS(a, s, out, n4)`: as addVV with the scalar at `s` for every b[i].
  (func $addVS (export "addVS") (param $a i32) (param $s i32) (param $out i32) (param $n4 i32)
    (local $sv v128)
    (local.set $sv (v128.load32_splat (local.get $s)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store (local.get $out) (f32x4.add (v128.load (local.get $a)) (local.get $sv)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `subVV(a, b, out, n4)`: out[i] = a[i] - b[i], n4 groups of four f32.
  (func $subVV (export "subVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (f32x4.sub (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `subVS(a, s, out, n4)`: as subVV with the scalar at `s` for every b[i].
  (func $subVS (export "subVS") (param $a i32) (param $s i32) (param $out i32) (param $n4 i32)
    (local $sv v128)
    (local.set $sv (v128.load32_splat (local.get $s)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store (local.get $out) (f32x4.sub (v128.load (local.get $a)) (local.get $sv)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `mulVV(a, b, out, n4)`: out[i] = a[i] * b[i], n4 groups of four f32.
  (func $mulVV (export "mulVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `mulVS(a, s, out, n4)`: as mulVV with the scalar at `s` for every b[i].
  (func $mulVS (export "mulVS") (param $a i32) (param $s i32) (param $out i32) (param $n4 i32)
    (local $sv v128)
    (local.set $sv (v128.load32_splat (local.get $s)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store (local.get $out) (f32x4.mul (v128.load (local.get $a)) (local.get $sv)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `divVV(a, b, out, n4)`: out[i] = a[i] / b[i], n4 groups of four f32.
  (func $divVV (export "divVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (f32x4.div (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `divVS(a, s, out, n4)`: as divVV with the scalar at `s` for every b[i].
  (func $divVS (export "divVS") (param $a i32) (param $s i32) (param $out i32) (param $n4 i32)
    (local $sv v128)
    (local.set $sv (v128.load32_splat (local.get $s)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store (local.get $out) (f32x4.div (v128.load (local.get $a)) (local.get $sv)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `maxVV(a, b, out, n4)`: out[i] = max(a[i], b[i]), n4 groups of four f32.
  (func $maxVV (export "maxVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (f32x4.max (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `maxVS(a, s, out, n4)`: as maxVV with the scalar at `s` for every b[i].
  (func $maxVS (export "maxVS") (param $a i32) (param $s i32) (param $out i32) (param $n4 i32)
    (local $sv v128)
    (local.set $sv (v128.load32_splat (local.get $s)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store (local.get $out) (f32x4.max (v128.load (local.get $a)) (local.get $sv)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `minVV(a, b, out, n4)`: out[i] = min(a[i], b[i]), n4 groups of four f32.
  (func $minVV (export "minVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store
          (local.get $out)
          (f32x4.min (v128.load (local.get $a)) (v128.load (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `minVS(a, s, out, n4)`: as minVV with the scalar at `s` for every b[i].
  (func $minVS (export "minVS") (param $a i32) (param $s i32) (param $out i32) (param $n4 i32)
    (local $sv v128)
    (local.set $sv (v128.load32_splat (local.get $s)))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        (v128.store (local.get $out) (f32x4.min (v128.load (local.get $a)) (local.get $sv)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))
