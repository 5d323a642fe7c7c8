(module
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
  (func $pack (export "pack") (param $src i32) (param $dst i32) (param $rows i32) (param $k i32) (param $rs i32) (param $ps i32) (param $lw i32)
    (local $row i32) (local $p i32) (local $sp i32) (local $dp i32) (local $step i32)
    (block $B0
      (br_if $B0
        (i32.or
          (i32.eqz
            (local.get $rows))
          (i32.eqz
            (local.get $k))))
      (local.set $step
        (i32.shl
          (i32.const 4)
          (local.get $lw)))
      (local.set $row
        (i32.const 0))
      (loop $L1
        (local.set $dp
          (i32.add
            (i32.add
              (local.get $dst)
              (i32.mul
                (i32.shr_u
                  (local.get $row)
                  (local.get $lw))
                (i32.shl
                  (local.get $k)
                  (i32.add
                    (local.get $lw)
                    (i32.const 2)))))
            (i32.shl
              (i32.and
                (local.get $row)
                (i32.sub
                  (i32.shl
                    (i32.const 1)
                    (local.get $lw))
                  (i32.const 1)))
              (i32.const 2))))
        (local.set $sp
          (i32.add
            (local.get $src)
            (i32.mul
              (local.get $row)
              (local.get $rs))))
        (local.set $p
          (local.get $k))
        (loop $L2
          (f32.store
            (local.get $dp)
            (f32.load
              (local.get $sp)))
          (local.set $dp
            (i32.add
              (local.get $dp)
              (local.get $step)))
          (local.set $sp
            (i32.add
              (local.get $sp)
              (local.get $ps)))
          (br_if $L2
            (local.tee $p
              (i32.sub
                (local.get $p)
                (i32.const 1)))))
        (br_if $L1
          (i32.lt_u
            (local.tee $row
              (i32.add
                (local.get $row)
                (i32.const 1)))
            (local.get $rows))))))
  (func $packT (export "packT") (param $src i32) (param $dst i32) (param $rows i32) (param $k i32) (param $ps i32) (param $lw i32)
    (local $row i32) (local $p i32) (local $sp i32) (local $dp i32) (local $panel i32) (local $mask i32)
    (block $B0
      (br_if $B0
        (i32.or
          (i32.eqz
            (local.get $rows))
          (i32.eqz
            (local.get $k))))
      (local.set $panel
        (i32.shl
          (local.get $k)
          (i32.add
            (local.get $lw)
            (i32.const 2))))
      (local.set $mask
        (i32.sub
          (i32.shl
            (i32.const 1)
            (local.get $lw))
          (i32.const 1)))
      (local.set $p
        (i32.const 0))
      (loop $L1
        (local.set $sp
          (i32.add
            (local.get $src)
            (i32.mul
              (local.get $p)
              (local.get $ps))))
        (local.set $row
          (i32.const 0))
        (loop $L2
          (local.set $dp
            (i32.add
              (i32.add
                (local.get $dst)
                (i32.mul
                  (i32.shr_u
                    (local.get $row)
                    (local.get $lw))
                  (local.get $panel)))
              (i32.shl
                (i32.add
                  (i32.shl
                    (local.get $p)
                    (local.get $lw))
                  (i32.and
                    (local.get $row)
                    (local.get $mask)))
                (i32.const 2))))
          (f32.store
            (local.get $dp)
            (f32.load
              (local.get $sp)))
          (local.set $sp
            (i32.add
              (local.get $sp)
              (i32.const 4)))
          (br_if $L2
            (i32.lt_u
              (local.tee $row
                (i32.add
                  (local.get $row)
                  (i32.const 1)))
              (local.get $rows))))
        (br_if $L1
          (i32.lt_u
            (local.tee $p
              (i32.add
                (local.get $p)
                (i32.const 1)))
            (local.get $k))))))
  (func $colsum (export "colsum") (param $x i32) (param $out i32) (param $rows i32) (param $c4 i32)
    (local $j i32) (local $o i32)
    (block $B0
      (br_if $B0
        (i32.or
          (i32.eqz
            (local.get $rows))
          (i32.eqz
            (local.get $c4))))
      (loop $L1
        (local.set $j
          (local.get $c4))
        (local.set $o
          (local.get $out))
        (loop $L2
          (v128.store
            (local.get $o)
            (f32x4.add
              (v128.load
                (local.get $o))
              (v128.load
                (local.get $x))))
          (local.set $o
            (i32.add
              (local.get $o)
              (i32.const 16)))
          (local.set $x
            (i32.add
              (local.get $x)
              (i32.const 16)))
          (br_if $L2
            (local.tee $j
              (i32.sub
                (local.get $j)
                (i32.const 1)))))
        (br_if $L1
          (local.tee $rows
            (i32.sub
              (local.get $rows)
              (i32.const 1)))))))
  (func $tanhAccurate (export "tanhAccurate") (param $src i32) (param $dst i32) (param $n4 i32)
    (local $x4 v128) (local $x v128) (local $t v128) (local $kf v128) (local $r v128) (local $r2 v128) (local $k v128) (local $tj v128) (local $lo v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (local.set $x
          (f64x2.promote_low_f32x4
            (local.tee $x4
              (v128.load
                (local.get $src)))))
        (local.set $kf
          (f64x2.sub
            (local.tee $k
              (f64x2.add
                (f64x2.mul
                  (local.tee $t
                    (f64x2.pmin
                      (f64x2.add
                        (local.tee $t
                          (f64x2.abs
                            (local.get $x)))
                        (local.get $t))
                      (v128.const i32x4 0x33333333 0x40323333 0x33333333 0x40323333)))
                  (v128.const i32x4 0x652b82fe 0x40571547 0x652b82fe 0x40571547))
                (v128.const i32x4 0x00000000 0x43380000 0x00000000 0x43380000)))
            (v128.const i32x4 0x00000000 0x43380000 0x00000000 0x43380000)))
        (local.set $r2
          (f64x2.mul
            (local.tee $r
              (f64x2.sub
                (f64x2.sub
                  (local.get $t)
                  (f64x2.mul
                    (local.get $kf)
                    (v128.const i32x4 0xfee00000 0x3f862e42 0xfee00000 0x3f862e42)))
                (f64x2.mul
                  (local.get $kf)
                  (v128.const i32x4 0x35793c76 0x3d8a39ef 0x35793c76 0x3d8a39ef))))
            (local.get $r)))
        (local.set $lo
          (f32x4.demote_f64x2_zero
            (v128.or
              (f64x2.div
                (local.tee $t
                  (f64x2.add
                    (f64x2.mul
                      (f64x2.add
                        (f64x2.mul
                          (f64x2.add
                            (local.tee $tj
                              (v128.load64_lane 1
                                (i32x4.extract_lane 2
                                  (local.tee $tj
                                    (i32x4.shl
                                      (v128.and
                                        (local.get $k)
                                        (v128.const i32x4 0x0000003f 0x0000003f 0x0000003f 0x0000003f))
                                      (i32.const 3))))
                                (v128.load64_zero
                                  (i32x4.extract_lane 0
                                    (local.get $tj)))))
                            (v128.const i32x4 0x00000000 0x3ff00000 0x00000000 0x3ff00000))
                          (f64x2.add
                            (local.get $r)
                            (f64x2.mul
                              (local.get $r2)
                              (f64x2.add
                                (f64x2.add
                                  (f64x2.mul
                                    (local.get $r)
                                    (v128.const i32x4 0x55555555 0x3fc55555 0x55555555 0x3fc55555))
                                  (v128.const i32x4 0x00000000 0x3fe00000 0x00000000 0x3fe00000))
                                (f64x2.mul
                                  (f64x2.add
                                    (f64x2.add
                                      (f64x2.mul
                                        (local.get $r)
                                        (v128.const i32x4 0x11111111 0x3f811111 0x11111111 0x3f811111))
                                      (v128.const i32x4 0x55555555 0x3fa55555 0x55555555 0x3fa55555))
                                    (f64x2.mul
                                      (local.get $r2)
                                      (v128.const i32x4 0x16c16c17 0x3f56c16c 0x16c16c17 0x3f56c16c)))
                                  (local.get $r2))))))
                        (local.get $tj))
                      (local.tee $kf
                        (i64x2.add
                          (i64x2.shl
                            (i64x2.shr_u
                              (local.get $k)
                              (i32.const 6))
                            (i32.const 52))
                          (v128.const i32x4 0x00000000 0x3ff00000 0x00000000 0x3ff00000))))
                    (f64x2.sub
                      (local.get $kf)
                      (v128.const i32x4 0x00000000 0x3ff00000 0x00000000 0x3ff00000))))
                (f64x2.add
                  (local.get $t)
                  (v128.const i32x4 0x00000000 0x40000000 0x00000000 0x40000000)))
              (v128.and
                (local.get $x)
                (v128.const i32x4 0x00000000 0x80000000 0x00000000 0x80000000)))))
        (local.set $x
          (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
              (local.get $x4)
              (local.get $x4))))
        (local.get $dst)
        (local.get $lo)
        (local.set $kf
          (f64x2.sub
            (local.tee $k
              (f64x2.add
                (f64x2.mul
                  (local.tee $t
                    (f64x2.pmin
                      (f64x2.add
                        (local.tee $t
                          (f64x2.abs
                            (local.get $x)))
                        (local.get $t))
                      (v128.const i32x4 0x33333333 0x40323333 0x33333333 0x40323333)))
                  (v128.const i32x4 0x652b82fe 0x40571547 0x652b82fe 0x40571547))
                (v128.const i32x4 0x00000000 0x43380000 0x00000000 0x43380000)))
            (v128.const i32x4 0x00000000 0x43380000 0x00000000 0x43380000)))
        (local.set $r2
          (f64x2.mul
            (local.tee $r
              (f64x2.sub
                (f64x2.sub
                  (local.get $t)
                  (f64x2.mul
                    (local.get $kf)
                    (v128.const i32x4 0xfee00000 0x3f862e42 0xfee00000 0x3f862e42)))
                (f64x2.mul
                  (local.get $kf)
                  (v128.const i32x4 0x35793c76 0x3d8a39ef 0x35793c76 0x3d8a39ef))))
            (local.get $r)))
        (v128.store
          (f32x4.demote_f64x2_zero
            (v128.or
              (f64x2.div
                (local.tee $t
                  (f64x2.add
                    (f64x2.mul
                      (f64x2.add
                        (f64x2.mul
                          (f64x2.add
                            (local.tee $tj
                              (v128.load64_lane 1
                                (i32x4.extract_lane 2
                                  (local.tee $tj
                                    (i32x4.shl
                                      (v128.and
                                        (local.get $k)
                                        (v128.const i32x4 0x0000003f 0x0000003f 0x0000003f 0x0000003f))
                                      (i32.const 3))))
                                (v128.load64_zero
                                  (i32x4.extract_lane 0
                                    (local.get $tj)))))
                            (v128.const i32x4 0x00000000 0x3ff00000 0x00000000 0x3ff00000))
                          (f64x2.add
                            (local.get $r)
                            (f64x2.mul
                              (local.get $r2)
                              (f64x2.add
                                (f64x2.add
                                  (f64x2.mul
                                    (local.get $r)
                                    (v128.const i32x4 0x55555555 0x3fc55555 0x55555555 0x3fc55555))
                                  (v128.const i32x4 0x00000000 0x3fe00000 0x00000000 0x3fe00000))
                                (f64x2.mul
                                  (f64x2.add
                                    (f64x2.add
                                      (f64x2.mul
                                        (local.get $r)
                                        (v128.const i32x4 0x11111111 0x3f811111 0x11111111 0x3f811111))
                                      (v128.const i32x4 0x55555555 0x3fa55555 0x55555555 0x3fa55555))
                                    (f64x2.mul
                                      (local.get $r2)
                                      (v128.const i32x4 0x16c16c17 0x3f56c16c 0x16c16c17 0x3f56c16c)))
                                  (local.get $r2))))))
                        (local.get $tj))
                      (local.tee $kf
                        (i64x2.add
                          (i64x2.shl
                            (i64x2.shr_u
                              (local.get $k)
                              (i32.const 6))
                            (i32.const 52))
                          (v128.const i32x4 0x00000000 0x3ff00000 0x00000000 0x3ff00000))))
                    (f64x2.sub
                      (local.get $kf)
                      (v128.const i32x4 0x00000000 0x3ff00000 0x00000000 0x3ff00000))))
                (f64x2.add
                  (local.get $t)
                  (v128.const i32x4 0x00000000 0x40000000 0x00000000 0x40000000)))
              (v128.and
                (local.get $x)
                (v128.const i32x4 0x00000000 0x80000000 0x00000000 0x80000000))))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23))
        (local.set $src
          (i32.add
            (local.get $src)
            (i32.const 16)))
        (local.set $dst
          (i32.add
            (local.get $dst)
            (i32.const 16)))
        (br_if $L1
          (local.tee $n4
            (i32.sub
              (local.get $n4)
              (i32.const 1)))))))
  (func $tanhBackwardVV (export "tanhBackwardVV") (param $g i32) (param $y i32) (param $out i32) (param $n4 i32)
    (local $gv v128) (local $yv v128) (local $d v128) (local $lo v128) (local $one v128) (local $zero v128)
    (local.set $one
      (v128.const i32x4 0x00000000 0x3ff00000 0x00000000 0x3ff00000))
    (local.set $zero
      (v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000))
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (f64x2.promote_low_f32x4
          (local.tee $gv
            (v128.load
              (local.get $g))))
        (local.set $d
          (f64x2.promote_low_f32x4
            (local.tee $yv
              (v128.load
                (local.get $y)))))
        (local.tee $d
          (f64x2.sub
            (local.get $one)
            (f64x2.mul
              (local.get $d)
              (local.get $d))))
        (local.set $lo
          (f32x4.demote_f64x2_zero
            (v128.and
              (f64x2.mul)
              (f64x2.ne
                (local.get $d)
                (local.get $zero)))))
        (local.get $out)
        (local.get $lo)
        (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
            (local.get $gv)
            (local.get $gv)))
        (local.set $d
          (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
              (local.get $yv)
              (local.get $yv))))
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (local.tee $d
            (f64x2.sub
              (local.get $one)
              (f64x2.mul
                (local.get $d)
                (local.get $d))))
          (f32x4.demote_f64x2_zero
            (v128.and
              (f64x2.mul)
              (f64x2.ne
                (local.get $d)
                (local.get $zero)))))
        (v128.store)
        (local.set $g
          (i32.add
            (local.get $g)
            (i32.const 16)))
        (local.set $y
          (i32.add
            (local.get $y)
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
  (func $packRows4 (export "packRows4") (param $src i32) (param $dst i32) (param $rows i32) (param $k i32) (param $rs i32)
    (local $row i32) (local $sp i32) (local $dp i32) (local $p4 i32) (local $rs2 i32) (local $rs3 i32) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $v0 v128) (local $v1 v128)
    (block $B0
      (br_if $B0
        (i32.or
          (i32.eqz
            (local.get $rows))
          (i32.eqz
            (local.get $k))))
      (local.set $rs3
        (i32.add
          (local.tee $rs2
            (i32.shl
              (local.get $rs)
              (i32.const 1)))
          (local.get $rs)))
      (local.set $row
        (i32.const 0))
      (loop $L1
        (local.set $sp
          (i32.add
            (local.get $src)
            (i32.mul
              (local.get $row)
              (local.get $rs))))
        (local.set $dp
          (i32.add
            (i32.add
              (local.get $dst)
              (i32.mul
                (i32.shr_u
                  (local.get $row)
                  (i32.const 2))
                (i32.shl
                  (local.get $k)
                  (i32.const 4))))
            (i32.shl
              (i32.and
                (local.get $row)
                (i32.const 3))
              (i32.const 2))))
        (local.set $p4
          (i32.shr_u
            (local.get $k)
            (i32.const 2)))
        (loop $L2
          (local.set $t0
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.tee $v0
                (v128.load
                  (local.get $sp)))
              (local.tee $v1
                (v128.load
                  (i32.add
                    (local.get $sp)
                    (local.get $rs))))))
          (local.set $t1
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $v0)
              (local.get $v1)))
          (local.set $t2
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.tee $v0
                (v128.load
                  (i32.add
                    (local.get $sp)
                    (local.get $rs2))))
              (local.tee $v1
                (v128.load
                  (i32.add
                    (local.get $sp)
                    (local.get $rs3))))))
          (local.set $t3
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $v0)
              (local.get $v1)))
          (v128.store
            (local.get $dp)
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (local.get $t0)
              (local.get $t2)))
          (v128.store offset=16
            (local.get $dp)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
              (local.get $t0)
              (local.get $t2)))
          (v128.store offset=32
            (local.get $dp)
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (local.get $t1)
              (local.get $t3)))
          (v128.store offset=48
            (local.get $dp)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
              (local.get $t1)
              (local.get $t3)))
          (local.set $sp
            (i32.add
              (local.get $sp)
              (i32.const 16)))
          (local.set $dp
            (i32.add
              (local.get $dp)
              (i32.const 64)))
          (br_if $L2
            (local.tee $p4
              (i32.sub
                (local.get $p4)
                (i32.const 1)))))
        (br_if $L1
          (i32.lt_u
            (local.tee $row
              (i32.add
                (local.get $row)
                (i32.const 4)))
            (local.get $rows))))))
  (func $packRows8 (export "packRows8") (param $src i32) (param $dst i32) (param $rows i32) (param $k i32) (param $rs i32)
    (local $row i32) (local $sp i32) (local $dp i32) (local $p4 i32) (local $rs2 i32) (local $rs3 i32) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $v0 v128) (local $v1 v128)
    (block $B0
      (br_if $B0
        (i32.or
          (i32.eqz
            (local.get $rows))
          (i32.eqz
            (local.get $k))))
      (local.set $rs3
        (i32.add
          (local.tee $rs2
            (i32.shl
              (local.get $rs)
              (i32.const 1)))
          (local.get $rs)))
      (local.set $row
        (i32.const 0))
      (loop $L1
        (local.set $sp
          (i32.add
            (local.get $src)
            (i32.mul
              (local.get $row)
              (local.get $rs))))
        (local.set $dp
          (i32.add
            (i32.add
              (local.get $dst)
              (i32.mul
                (i32.shr_u
                  (local.get $row)
                  (i32.const 3))
                (i32.shl
                  (local.get $k)
                  (i32.const 5))))
            (i32.shl
              (i32.and
                (local.get $row)
                (i32.const 7))
              (i32.const 2))))
        (local.set $p4
          (i32.shr_u
            (local.get $k)
            (i32.const 2)))
        (loop $L2
          (local.set $t0
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.tee $v0
                (v128.load
                  (local.get $sp)))
              (local.tee $v1
                (v128.load
                  (i32.add
                    (local.get $sp)
                    (local.get $rs))))))
          (local.set $t1
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $v0)
              (local.get $v1)))
          (local.set $t2
            (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
              (local.tee $v0
                (v128.load
                  (i32.add
                    (local.get $sp)
                    (local.get $rs2))))
              (local.tee $v1
                (v128.load
                  (i32.add
                    (local.get $sp)
                    (local.get $rs3))))))
          (local.set $t3
            (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
              (local.get $v0)
              (local.get $v1)))
          (v128.store
            (local.get $dp)
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (local.get $t0)
              (local.get $t2)))
          (v128.store offset=32
            (local.get $dp)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
              (local.get $t0)
              (local.get $t2)))
          (v128.store offset=64
            (local.get $dp)
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
              (local.get $t1)
              (local.get $t3)))
          (v128.store offset=96
            (local.get $dp)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
              (local.get $t1)
              (local.get $t3)))
          (local.set $sp
            (i32.add
              (local.get $sp)
              (i32.const 16)))
          (local.set $dp
            (i32.add
              (local.get $dp)
              (i32.const 128)))
          (br_if $L2
            (local.tee $p4
              (i32.sub
                (local.get $p4)
                (i32.const 1)))))
        (br_if $L1
          (i32.lt_u
            (local.tee $row
              (i32.add
                (local.get $row)
                (i32.const 4)))
            (local.get $rows))))))
  (func $axpy (export "axpy") (param $x i32) (param $y i32) (param $out i32) (param $n4 i32) (param $alpha f64)
    (local $a2 v128) (local $xv v128) (local $yv v128) (local $lo v128)
    (local.set $a2
      (f64x2.splat
        (local.get $alpha)))
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (local.set $lo
          (f32x4.demote_f64x2_zero
            (f64x2.add
              (f64x2.promote_low_f32x4
                (local.tee $yv
                  (v128.load
                    (local.get $y))))
              (f64x2.mul
                (f64x2.promote_low_f32x4
                  (local.tee $xv
                    (v128.load
                      (local.get $x))))
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
        (local.set $x
          (i32.add
            (local.get $x)
            (i32.const 16)))
        (local.set $y
          (i32.add
            (local.get $y)
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
  (func $negU (export "negU") (param $x i32) (param $out i32) (param $n4 i32)
    (local $v v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (local.set $v
          (v128.load
            (local.get $x)))
        (v128.store
          (local.get $out)
          (f32x4.neg
            (local.get $v)))
        (local.set $x
          (i32.add
            (local.get $x)
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
  (func $absU (export "absU") (param $x i32) (param $out i32) (param $n4 i32)
    (local $v v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (local.set $v
          (v128.load
            (local.get $x)))
        (v128.store
          (local.get $out)
          (f32x4.abs
            (local.get $v)))
        (local.set $x
          (i32.add
            (local.get $x)
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
  (func $sqrtU (export "sqrtU") (param $x i32) (param $out i32) (param $n4 i32)
    (local $v v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (local.set $v
          (v128.load
            (local.get $x)))
        (v128.store
          (local.get $out)
          (f32x4.sqrt
            (local.get $v)))
        (local.set $x
          (i32.add
            (local.get $x)
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
  (func $squareU (export "squareU") (param $x i32) (param $out i32) (param $n4 i32)
    (local $v v128)
    (block $B0
      (br_if $B0
        (i32.eqz
          (local.get $n4)))
      (loop $L1
        (local.set $v
          (v128.load
            (local.get $x)))
        (v128.store
          (local.get $out)
          (f32x4.mul
            (local.get $v)
            (local.get $v)))
        (local.set $x
          (i32.add
            (local.get $x)
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
  (memory $memory (export "memory") 16)
  (data $d0 (i32.const 0) "\00\00\00\00\00\00\00\00w0\c0;\1fM\86?\0e]a\c54l\96?\01y\b3\0e\a3\e8\a0?\ed!1\9f\0d\ab\a6?@4zZ\86}\ac?\0a\b5%\01\1d0\b1?\fb\dd\92\ea\aa)\b4?\ae\17\d5\c7\83+\b7?S\b7\fc\b6\be5\ba?\a7\9a\8b\16sH\bd?\b2f\14C\dc1\c0?\c3\11\abs\d3\c3\c1?\e9\e6\13/+Z\c3?\0a\f7\fe\a8\ef\f4\c4?Z\18 7-\94\c6?\a9\b8\8dQ\f07\c8?\fb\b7 \93E\e0\c9?UN\d5\b99\8d\cb?\b7\ff,\a7\d9>\cd?\12\a1\91`2\f5\ce?\a7\b8\dc\87(X\d0?\b4$\86\81!8\d1?@\f3\04\d7\8a\1a\d2?\9c\a8\d8Tk\ff\d2?\9b\b2t\da\c9\e6\d3?\08>uZ\ad\d0\d4?j\9f\d4\da\1c\bd\d5?\a6P!u\1f\ac\d6?\22\85\b4V\bc\9d\d7?\13V\e9\c0\fa\91\d8?\92\88T\09\e2\88\d9?2\ef\fc\99y\82\da?\bch\94\f1\c8~\db?\cf}\b1\a3\d7}\dc?#\9f\09Y\ad\7f\dd?\1b\06\ac\cfQ\84\de?\889=\db\cc\8b\df?&\9c\992\13K\e0?\d9%\896\b3\d1\e0?\b6AU\84\caY\e1?m\ee*2]\e3\e1?\c9\8b\9baon\e2?\9f\9c\bc?\05\fb\e2? \e1G\05#\89\e3?\c9\ca\bb\f6\cc\18\e4?\b9J|d\07\aa\e4?~\fb\f3\aa\d6<\e5?[\a7\b52?\d1\e5?\f6+\9epEg\e6?\8d\bc\f6\e5\ed\fe\e6?\a4\83\97 =\98\e7?8\a5\0a\bb73\e8?\96\a2\af\5c\e2\cf\e8?\d3 \df\b9An\e9?\f7\12\0f\94Z\0e\ea?\0eI\f7\b91\b0\ea?\0be\b6\07\ccS\eb?\bd6\f7f.\f9\eb?\ec\7f\16\cf]\a0\ec?\b3!IE_I\ed?N\b4\c2\dc7\f4\ed?\81\8a\dc\b6\ec\a0\ee?\b0!=\03\83O\ef?"))
