  ;; `gtVV(a, b, out, n4)`: out[i] = a[i] > b[i] as 1.0 / 0.0 (the lane mask AND the bits of 1.0), n4 groups of four f32.
  (func $gtVV (export "gtVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.gt
              (v128.load
                (local.get $a))
              (v128.load
                (local.get $b)))
            (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
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
  ;; `gtVS(a, s, out, n4)`: as gtVV with every b[i] the scalar at s.
  (func $gtVS (export "gtVS") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
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
          (v128.and
            (f32x4.gt
              (v128.load
                (local.get $a))
              (local.get $bv))
            (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
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
  ;; `geVV(a, b, out, n4)`: out[i] = a[i] >= b[i] as 1.0 / 0.0 (the lane mask AND the bits of 1.0), n4 groups of four f32.
  (func $geVV (export "geVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.ge
              (v128.load
                (local.get $a))
              (v128.load
                (local.get $b)))
            (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
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
  ;; `geVS(a, s, out, n4)`: as geVV with every b[i] the scalar at s.
  (func $geVS (export "geVS") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
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
          (v128.and
            (f32x4.ge
              (v128.load
                (local.get $a))
              (local.get $bv))
            (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
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
  ;; `ltVV(a, b, out, n4)`: out[i] = a[i] < b[i] as 1.0 / 0.0 (the lane mask AND the bits of 1.0), n4 groups of four f32.
  (func $ltVV (export "ltVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.lt
              (v128.load
                (local.get $a))
              (v128.load
                (local.get $b)))
            (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
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
  ;; `ltVS(a, s, out, n4)`: as ltVV with every b[i] the scalar at s.
  (func $ltVS (export "ltVS") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
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
          (v128.and
            (f32x4.lt
              (v128.load
                (local.get $a))
              (local.get $bv))
            (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
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
  ;; `leVV(a, b, out, n4)`: out[i] = a[i] <= b[i] as 1.0 / 0.0 (the lane mask AND the bits of 1.0), n4 groups of four f32.
  (func $leVV (export "leVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.le
              (v128.load
                (local.get $a))
              (v128.load
                (local.get $b)))
            (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
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
  ;; `leVS(a, s, out, n4)`: as leVV with every b[i] the scalar at s.
  (func $leVS (export "leVS") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
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
          (v128.and
            (f32x4.le
              (v128.load
                (local.get $a))
              (local.get $bv))
            (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
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
  ;; `eqVV(a, b, out, n4)`: out[i] = a[i] == b[i] as 1.0 / 0.0 (the lane mask AND the bits of 1.0), n4 groups of four f32.
  (func $eqVV (export "eqVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.eq
              (v128.load
                (local.get $a))
              (v128.load
                (local.get $b)))
            (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
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
  ;; `eqVS(a, s, out, n4)`: as eqVV with every b[i] the scalar at s.
  (func $eqVS (export "eqVS") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
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
          (v128.and
            (f32x4.eq
              (v128.load
                (local.get $a))
              (local.get $bv))
            (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
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
  ;; `neVV(a, b, out, n4)`: out[i] = a[i] != b[i] as 1.0 / 0.0 (the lane mask AND the bits of 1.0), n4 groups of four f32.
  (func $neVV (export "neVV") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
    (local $bv v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (v128.store
          (local.get $out)
          (v128.and
            (f32x4.ne
              (v128.load
                (local.get $a))
              (v128.load
                (local.get $b)))
            (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
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
  ;; `neVS(a, s, out, n4)`: as neVV with every b[i] the scalar at s.
  (func $neVS (export "neVS") (param $a i32) (param $b i32) (param $out i32) (param $n4 i32)
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
          (v128.and
            (f32x4.ne
              (v128.load
                (local.get $a))
              (local.get $bv))
            (v128.const i32x4 0x3f800000 0x3f800000 0x3f800000 0x3f800000)))
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
