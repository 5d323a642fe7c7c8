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
