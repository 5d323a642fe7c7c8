  ;; `addVV(a, b, out, n4)`: out[i] = a[i] + b[i], n4 groups of four f32.
  (func $addVV (export "addVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (f32x4.add
            (v128.load
              (local.get $a))
            (v128.load
              (local.get $b))))
        (local.set $a
          (i32.add
            (local.get $a)
            (i32.const 16)))
        (local.set $b
          (i32.add
            (local.get $b)
            (i32.const 16)))
        (local.set $out
          (i32.add
            (local.get $out)
            (i32.const 16)))
        (br_if $L1
          (local.tee $n4
            (i32.sub
              (local.get $n4)
              (i32.const 1)))))))
  ;; `addVS(a, s, out, n4)`: as addVV with every b[i] the scalar at s.
  (func $addVS (export "addVS") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (local.set $bv
      (v128.load32_splat
        (local.get $b)))
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (f32x4.add
            (v128.load
              (local.get $a))
            (local.get $bv)))
        (local.set $a
          (i32.add
            (local.get $a)
            (i32.const 16)))
        (local.set $out
          (i32.add
            (local.get $out)
            (i32.const 16)))
        (br_if $L1
          (local.tee $n4
            (i32.sub
              (local.get $n4)
              (i32.const 1)))))))
  ;; `subVV(a, b, out, n4)`: out[i] = a[i] - b[i], n4 groups of four f32.
  (func $subVV (export "subVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (f32x4.sub
            (v128.load
              (local.get $a))
            (v128.load
              (local.get $b))))
        (local.set $a
          (i32.add
            (local.get $a)
            (i32.const 16)))
        (local.set $b
          (i32.add
            (local.get $b)
            (i32.const 16)))
        (local.set $out
          (i32.add
            (local.get $out)
            (i32.const 16)))
        (br_if $L1
          (local.tee $n4
            (i32.sub
              (local.get $n4)
              (i32.const 1)))))))
  ;; `subVS(a, s, out, n4)`: as subVV with every b[i] the scalar at s.
  (func $subVS (export "subVS") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (local.set $bv
      (v128.load32_splat
        (local.get $b)))
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (f32x4.sub
            (v128.load
              (local.get $a))
            (local.get $bv)))
        (local.set $a
          (i32.add
            (local.get $a)
            (i32.const 16)))
        (local.set $out
          (i32.add
            (local.get $out)
            (i32.const 16)))
        (br_if $L1
          (local.tee $n4
            (i32.sub
              (local.get $n4)
              (i32.const 1)))))))
  ;; `mulVV(a, b, out, n4)`: out[i] = a[i] * b[i], n4 groups of four f32.
  (func $mulVV (export "mulVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (f32x4.mul
            (v128.load
              (local.get $a))
            (v128.load
              (local.get $b))))
        (local.set $a
          (i32.add
            (local.get $a)
            (i32.const 16)))
        (local.set $b
          (i32.add
            (local.get $b)
            (i32.const 16)))
        (local.set $out
          (i32.add
            (local.get $out)
            (i32.const 16)))
        (br_if $L1
          (local.tee $n4
            (i32.sub
              (local.get $n4)
              (i32.const 1)))))))
  ;; `mulVS(a, s, out, n4)`: as mulVV with every b[i] the scalar at s.
  (func $mulVS (export "mulVS") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (local.set $bv
      (v128.load32_splat
        (local.get $b)))
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (f32x4.mul
            (v128.load
              (local.get $a))
            (local.get $bv)))
        (local.set $a
          (i32.add
            (local.get $a)
            (i32.const 16)))
        (local.set $out
          (i32.add
            (local.get $out)
            (i32.const 16)))
        (br_if $L1
          (local.tee $n4
            (i32.sub
              (local.get $n4)
              (i32.const 1)))))))
  ;; `divVV(a, b, out, n4)`: out[i] = a[i] / b[i], n4 groups of four f32.
  (func $divVV (export "divVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (f32x4.div
            (v128.load
              (local.get $a))
            (v128.load
              (local.get $b))))
        (local.set $a
          (i32.add
            (local.get $a)
            (i32.const 16)))
        (local.set $b
          (i32.add
            (local.get $b)
            (i32.const 16)))
        (local.set $out
          (i32.add
            (local.get $out)
            (i32.const 16)))
        (br_if $L1
          (local.tee $n4
            (i32.sub
              (local.get $n4)
              (i32.const 1)))))))
  ;; `divVS(a, s, out, n4)`: as divVV with every b[i] the scalar at s.
  (func $divVS (export "divVS") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (local.set $bv
      (v128.load32_splat
        (local.get $b)))
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (f32x4.div
            (v128.load
              (local.get $a))
            (local.get $bv)))
        (local.set $a
          (i32.add
            (local.get $a)
            (i32.const 16)))
        (local.set $out
          (i32.add
            (local.get $out)
            (i32.const 16)))
        (br_if $L1
          (local.tee $n4
            (i32.sub
              (local.get $n4)
              (i32.const 1)))))))
  ;; `maxVV(a, b, out, n4)`: out[i] = max(a[i], b[i]), n4 groups of four f32.
  (func $maxVV (export "maxVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (f32x4.max
            (v128.load
              (local.get $a))
            (v128.load
              (local.get $b))))
        (local.set $a
          (i32.add
            (local.get $a)
            (i32.const 16)))
        (local.set $b
          (i32.add
            (local.get $b)
            (i32.const 16)))
        (local.set $out
          (i32.add
            (local.get $out)
            (i32.const 16)))
        (br_if $L1
          (local.tee $n4
            (i32.sub
              (local.get $n4)
              (i32.const 1)))))))
  ;; `maxVS(a, s, out, n4)`: as maxVV with every b[i] the scalar at s.
  (func $maxVS (export "maxVS") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (local.set $bv
      (v128.load32_splat
        (local.get $b)))
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (f32x4.max
            (v128.load
              (local.get $a))
            (local.get $bv)))
        (local.set $a
          (i32.add
            (local.get $a)
            (i32.const 16)))
        (local.set $out
          (i32.add
            (local.get $out)
            (i32.const 16)))
        (br_if $L1
          (local.tee $n4
            (i32.sub
              (local.get $n4)
              (i32.const 1)))))))
  ;; `minVV(a, b, out, n4)`: out[i] = min(a[i], b[i]), n4 groups of four f32.
  (func $minVV (export "minVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (f32x4.min
            (v128.load
              (local.get $a))
            (v128.load
              (local.get $b))))
        (local.set $a
          (i32.add
            (local.get $a)
            (i32.const 16)))
        (local.set $b
          (i32.add
            (local.get $b)
            (i32.const 16)))
        (local.set $out
          (i32.add
            (local.get $out)
            (i32.const 16)))
        (br_if $L1
          (local.tee $n4
            (i32.sub
              (local.get $n4)
              (i32.const 1)))))))
  ;; `minVS(a, s, out, n4)`: as minVV with every b[i] the scalar at s.
  (func $minVS (export "minVS") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (local.set $bv
      (v128.load32_splat
        (local.get $b)))
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (f32x4.min
            (v128.load
              (local.get $a))
            (local.get $bv)))
        (local.set $a
          (i32.add
            (local.get $a)
            (i32.const 16)))
        (local.set $out
          (i32.add
            (local.get $out)
            (i32.const 16)))
        (br_if $L1
          (local.tee $n4
            (i32.sub
              (local.get $n4)
              (i32.const 1)))))))
