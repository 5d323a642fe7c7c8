;; tanh and its backward in WebAssembly SIMD, the activations package's own kernel module
;; (compiled by tools/wasm/wat2ts.mjs into tanh.generated.ts; registered in tanh-kernels.ts).
;; The first 512 bytes of the memory hold 2^(j/64) - 1 for j = 0..63 as float64 (the data
;; segment at the end); operands go after them.
  (memory $memory (export "memory") 1)
  ;; `tanhAccurate(src, dst, n4)`: float32 tanh of `n4` groups of four, rounded like
  ;; `Math.fround(Math.tanh(x))`, computed in f64x2 lanes (relative error about 1e-15) as
  ;; `tanh|x| = m / (m + 2)` with `m = expm1(2|x|)`: `2|x| = (64 e + j) ln2/64 + r`, |r| <= ln2/128,
  ;; `expm1(2|x|) = 2^e ((T_j + 1) p + T_j) + (2^e - 1)` with `T_j = 2^(j/64) - 1` from
  ;; {@link TANH_TABLE} (two lane loads), `p = expm1(r)` by its degree-6 Taylor polynomial, and `2^e`
  ;; built in the exponent bits. No term cancels (so no separate small-|x| branch; subnormals come
  ;; out exact). 2|x| is clamped at 18.2, where tanh rounds to ±1 in float32 (±Inf too); NaN
  ;; propagates; the sign is copied from x (so tanh(-0) = -0). Same results as `../tanh-f32.ts`
  ;; (which differs in how it reaches them).
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
  ;; `tanhBackwardVV(g, y, out, n4)`: `out = g * (1 - y^2)`, 0 where `1 - y^2` is 0, over `n4`
  ;; groups of four f32, computed in f64x2 as the TypeScript kernels compute it in doubles (so the
  ;; float32 results are identical).
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
  (data $d0 (i32.const 0) "\00\00\00\00\00\00\00\00w0\c0;\1fM\86?\0e]a\c54l\96?\01y\b3\0e\a3\e8\a0?\ed!1\9f\0d\ab\a6?@4zZ\86}\ac?\0a\b5%\01\1d0\b1?\fb\dd\92\ea\aa)\b4?\ae\17\d5\c7\83+\b7?S\b7\fc\b6\be5\ba?\a7\9a\8b\16sH\bd?\b2f\14C\dc1\c0?\c3\11\abs\d3\c3\c1?\e9\e6\13/+Z\c3?\0a\f7\fe\a8\ef\f4\c4?Z\18 7-\94\c6?\a9\b8\8dQ\f07\c8?\fb\b7 \93E\e0\c9?UN\d5\b99\8d\cb?\b7\ff,\a7\d9>\cd?\12\a1\91`2\f5\ce?\a7\b8\dc\87(X\d0?\b4$\86\81!8\d1?@\f3\04\d7\8a\1a\d2?\9c\a8\d8Tk\ff\d2?\9b\b2t\da\c9\e6\d3?\08>uZ\ad\d0\d4?j\9f\d4\da\1c\bd\d5?\a6P!u\1f\ac\d6?\22\85\b4V\bc\9d\d7?\13V\e9\c0\fa\91\d8?\92\88T\09\e2\88\d9?2\ef\fc\99y\82\da?\bch\94\f1\c8~\db?\cf}\b1\a3\d7}\dc?#\9f\09Y\ad\7f\dd?\1b\06\ac\cfQ\84\de?\889=\db\cc\8b\df?&\9c\992\13K\e0?\d9%\896\b3\d1\e0?\b6AU\84\caY\e1?m\ee*2]\e3\e1?\c9\8b\9baon\e2?\9f\9c\bc?\05\fb\e2? \e1G\05#\89\e3?\c9\ca\bb\f6\cc\18\e4?\b9J|d\07\aa\e4?~\fb\f3\aa\d6<\e5?[\a7\b52?\d1\e5?\f6+\9epEg\e6?\8d\bc\f6\e5\ed\fe\e6?\a4\83\97 =\98\e7?8\a5\0a\bb73\e8?\96\a2\af\5c\e2\cf\e8?\d3 \df\b9An\e9?\f7\12\0f\94Z\0e\ea?\0eI\f7\b91\b0\ea?\0be\b6\07\ccS\eb?\bd6\f7f.\f9\eb?\ec\7f\16\cf]\a0\ec?\b3!IE_I\ed?N\b4\c2\dc7\f4\ed?\81\8a\dc\b6\ec\a0\ee?\b0!=\03\83O\ef?")
