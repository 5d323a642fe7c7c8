  (func $gemm (export "gemm") (param $a i32) (param $b i32) (param $c i32) (param $mp i32) (param $np i32) (param $kc i32) (param $strideA i32) (param $strideB i32) (param $ldc i32) (param $aStep i32) (param $bStep i32) (param $overwrite i32) (param $bias i32)
    (local $jp i32) (local $ip i32) (local $ap i32) (local $bp i32) (local $p i32) (local $cp i32) (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $acc4 v128) (local $acc5 v128) (local $acc6 v128) (local $acc7 v128) (local $b0 v128) (local $b1 v128) (local $s v128)
    (local.set $jp
      (i32.const 0))
    (loop $L0
      (local.set $ip
        (i32.const 0))
      (loop $L1
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
