  ;; tanh and its backward in WebAssembly SIMD, the activations package's own kernel module
  ;; (compiled by tools/wasm/wat2ts.mjs into tanh.generated.ts; loaded and registered in
  ;; tanh-kernels.ts). The first 512 bytes of the memory hold T_j = 2^(j/64) - 1 for j = 0..63 as
  ;; float64 (the data segment at the end; tanh-kernels.ts's BASE); operands go after them, at byte
  ;; offsets the caller picks, 16-byte aligned.
  (memory $memory (export "memory") 1)

  ;; `tanhAccurate(src, dst, n4)`: float32 tanh of `n4` groups of four at `src` into `dst` (which
  ;; may be `src`), rounded like `Math.fround(Math.tanh(x))`: computed in float64, two lanes at a
  ;; time (relative error about 1e-15), as tanh|x| = m / (m + 2) with m = expm1(2|x|):
  ;;   2|x| = (64 e + j) ln2/64 + r, |r| <= ln2/128, and
  ;;   expm1(2|x|) = 2^e ((T_j + 1) p + T_j) + (2^e - 1), with p = expm1(r) by its degree-6
  ;;   Taylor polynomial, T_j from the table and 2^e built in the exponent bits.
  ;; No term cancels (so no separate small-|x| branch; subnormals come out exact). 2|x| is clamped
  ;; at 18.2, where tanh rounds to ±1 in float32 (±Inf too); NaN propagates; the sign is copied
  ;; from x (so tanh(-0) = -0). Same results as tanh-f32.ts, which reaches them another way.
  (func $tanhAccurate (export "tanhAccurate") (param $src i32) (param $dst i32) (param $n4 i32)
    (local $x4 v128) (local $x v128) (local $t v128) (local $k v128) (local $n v128) (local $r v128)
    (local $r2 v128) (local $tj v128) (local $p v128) (local $scale v128) (local $m v128)
    (local $lo v128) (local $hi v128)
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        ;; Lanes 0-1 of the group, into $lo.
        (local.set $x (f64x2.promote_low_f32x4 (local.tee $x4 (v128.load (local.get $src)))))
        ;; t = min(2|x|, 18.2); n = round(t 64/ln2): adding 1.5 * 2^52 rounds t 64/ln2 to an
        ;; integer held in k's low mantissa bits (j = k & 63, e = k >> 6); subtracting it again
        ;; gives n as a float.
        (local.set $t (f64x2.abs (local.get $x)))
        (local.set $t
          (f64x2.pmin (f64x2.add (local.get $t) (local.get $t)) (v128.const f64x2 18.2 18.2)))
        (local.set $k
          (f64x2.add
            (f64x2.mul (local.get $t) (v128.const f64x2 92.33248261689366 92.33248261689366))
            (v128.const f64x2 0x1.8p+52 0x1.8p+52)))
        (local.set $n (f64x2.sub (local.get $k) (v128.const f64x2 0x1.8p+52 0x1.8p+52)))
        ;; r = t - n ln2/64, with ln2/64 in a high and a low part (n ln2/64_hi is exact).
        (local.set $r
          (f64x2.sub
            (f64x2.sub
              (local.get $t)
              (f64x2.mul (local.get $n) (v128.const f64x2 0.01083042469326756 0.01083042469326756)))
            (f64x2.mul
              (local.get $n)
              (v128.const f64x2 2.9815858269852933e-12 2.9815858269852933e-12))))
        (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
        ;; T_j from the table: byte offsets 8 j in the low words of the two lanes, two lane loads.
        (local.set $tj
          (i32x4.shl (v128.and (local.get $k) (v128.const i32x4 63 63 63 63)) (i32.const 3)))
        (local.set $tj
          (v128.load64_lane 1
            (i32x4.extract_lane 2 (local.get $tj))
            (v128.load64_zero (i32x4.extract_lane 0 (local.get $tj)))))
        ;; p = expm1(r) = r + r^2 ((1/2 + r/6) + (1/24 + r/120 + r^2/720) r^2).
        (local.set $p
          (f64x2.add
            (local.get $r)
            (f64x2.mul
              (local.get $r2)
              (f64x2.add
                (f64x2.add
                  (f64x2.mul
                    (local.get $r)
                    (v128.const f64x2 0.16666666666666666 0.16666666666666666))
                  (v128.const f64x2 0.5 0.5))
                (f64x2.mul
                  (f64x2.add
                    (f64x2.add
                      (f64x2.mul
                        (local.get $r)
                        (v128.const f64x2 0.008333333333333333 0.008333333333333333))
                      (v128.const f64x2 0.041666666666666664 0.041666666666666664))
                    (f64x2.mul
                      (local.get $r2)
                      (v128.const f64x2 0.001388888888888889 0.001388888888888889)))
                  (local.get $r2))))))
        ;; 2^e: e shifted into the exponent field and added to the bits of 1.0.
        (local.set $scale
          (i64x2.add
            (i64x2.shl (i64x2.shr_u (local.get $k) (i32.const 6)) (i32.const 52))
            (v128.const i64x2 0x3ff0000000000000 0x3ff0000000000000)))
        ;; m = expm1(2|x|) = 2^e ((T_j + 1) p + T_j) + (2^e - 1).
        (local.set $m
          (f64x2.add
            (f64x2.mul
              (f64x2.add
                (f64x2.mul (f64x2.add (local.get $tj) (v128.const f64x2 1 1)) (local.get $p))
                (local.get $tj))
              (local.get $scale))
            (f64x2.sub (local.get $scale) (v128.const f64x2 1 1))))
        ;; tanh|x| = m / (m + 2), with the sign of x, rounded to float32.
        (local.set $lo
          (f32x4.demote_f64x2_zero
            (v128.or
              (f64x2.div (local.get $m) (f64x2.add (local.get $m) (v128.const f64x2 2 2)))
              (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))))
        ;; Lanes 2-3, moved down by a shuffle, the same steps into $hi.
        (local.set $x
          (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
              (local.get $x4)
              (local.get $x4))))
        (local.set $t (f64x2.abs (local.get $x)))
        (local.set $t
          (f64x2.pmin (f64x2.add (local.get $t) (local.get $t)) (v128.const f64x2 18.2 18.2)))
        (local.set $k
          (f64x2.add
            (f64x2.mul (local.get $t) (v128.const f64x2 92.33248261689366 92.33248261689366))
            (v128.const f64x2 0x1.8p+52 0x1.8p+52)))
        (local.set $n (f64x2.sub (local.get $k) (v128.const f64x2 0x1.8p+52 0x1.8p+52)))
        (local.set $r
          (f64x2.sub
            (f64x2.sub
              (local.get $t)
              (f64x2.mul (local.get $n) (v128.const f64x2 0.01083042469326756 0.01083042469326756)))
            (f64x2.mul
              (local.get $n)
              (v128.const f64x2 2.9815858269852933e-12 2.9815858269852933e-12))))
        (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
        (local.set $tj
          (i32x4.shl (v128.and (local.get $k) (v128.const i32x4 63 63 63 63)) (i32.const 3)))
        (local.set $tj
          (v128.load64_lane 1
            (i32x4.extract_lane 2 (local.get $tj))
            (v128.load64_zero (i32x4.extract_lane 0 (local.get $tj)))))
        (local.set $p
          (f64x2.add
            (local.get $r)
            (f64x2.mul
              (local.get $r2)
              (f64x2.add
                (f64x2.add
                  (f64x2.mul
                    (local.get $r)
                    (v128.const f64x2 0.16666666666666666 0.16666666666666666))
                  (v128.const f64x2 0.5 0.5))
                (f64x2.mul
                  (f64x2.add
                    (f64x2.add
                      (f64x2.mul
                        (local.get $r)
                        (v128.const f64x2 0.008333333333333333 0.008333333333333333))
                      (v128.const f64x2 0.041666666666666664 0.041666666666666664))
                    (f64x2.mul
                      (local.get $r2)
                      (v128.const f64x2 0.001388888888888889 0.001388888888888889)))
                  (local.get $r2))))))
        (local.set $scale
          (i64x2.add
            (i64x2.shl (i64x2.shr_u (local.get $k) (i32.const 6)) (i32.const 52))
            (v128.const i64x2 0x3ff0000000000000 0x3ff0000000000000)))
        (local.set $m
          (f64x2.add
            (f64x2.mul
              (f64x2.add
                (f64x2.mul (f64x2.add (local.get $tj) (v128.const f64x2 1 1)) (local.get $p))
                (local.get $tj))
              (local.get $scale))
            (f64x2.sub (local.get $scale) (v128.const f64x2 1 1))))
        (local.set $hi
          (f32x4.demote_f64x2_zero
            (v128.or
              (f64x2.div (local.get $m) (f64x2.add (local.get $m) (v128.const f64x2 2 2)))
              (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000)))))
        ;; The two float32 pairs joined.
        (v128.store
          (local.get $dst)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; `tanhBackwardVV(g, y, out, n4)`: `out = g * (1 - y^2)`, 0 where `1 - y^2` is 0 (so an infinite
  ;; gradient meets a saturated unit as 0; NaN y gives NaN), over `n4` groups of four f32; `out`
  ;; may be `g` or `y`. Computed in float64 and rounded once, as the TypeScript kernel computes it
  ;; in doubles, so the float32 results are identical.
  (func $tanhBackwardVV (export "tanhBackwardVV")
    (param $g i32) (param $y i32) (param $out i32) (param $n4 i32)
    (local $gv v128) (local $yv v128) (local $d v128) (local $lo v128) (local $one v128)
    (local $zero v128)
    (local.set $one (v128.const f64x2 1 1))
    (local.set $zero (v128.const i32x4 0 0 0 0))
    (block $done
      (br_if $done (i32.eqz (local.get $n4)))
      (loop $eachGroup
        ;; Lanes 0-1: d = 1 - y^2; g d where d != 0, else +0 (the comparison's mask).
        (local.set $d (f64x2.promote_low_f32x4 (local.tee $yv (v128.load (local.get $y)))))
        (local.set $d (f64x2.sub (local.get $one) (f64x2.mul (local.get $d) (local.get $d))))
        (local.set $lo
          (f32x4.demote_f64x2_zero
            (v128.and
              (f64x2.mul
                (f64x2.promote_low_f32x4 (local.tee $gv (v128.load (local.get $g))))
                (local.get $d))
              (f64x2.ne (local.get $d) (local.get $zero)))))
        ;; Lanes 2-3, moved down by a shuffle; the two halves joined.
        (local.set $d
          (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
              (local.get $yv)
              (local.get $yv))))
        (local.set $d (f64x2.sub (local.get $one) (f64x2.mul (local.get $d) (local.get $d))))
        (v128.store
          (local.get $out)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (local.get $lo)
            (f32x4.demote_f64x2_zero
              (v128.and
                (f64x2.mul
                  (f64x2.promote_low_f32x4
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15
                      (local.get $gv)
                      (local.get $gv)))
                  (local.get $d))
                (f64x2.ne (local.get $d) (local.get $zero))))))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $eachGroup (local.tee $n4 (i32.sub (local.get $n4) (i32.const 1)))))))

  ;; T_j = 2^(j/64) - 1, j = 0..63, float64 little-endian, three to a line.
  (data $d0 (i32.const 0)
    "\00\00\00\00\00\00\00\00" "\77\30\c0\3b\1f\4d\86\3f" "\0e\5d\61\c5\34\6c\96\3f"
    "\01\79\b3\0e\a3\e8\a0\3f" "\ed\21\31\9f\0d\ab\a6\3f" "\40\34\7a\5a\86\7d\ac\3f"
    "\0a\b5\25\01\1d\30\b1\3f" "\fb\dd\92\ea\aa\29\b4\3f" "\ae\17\d5\c7\83\2b\b7\3f"
    "\53\b7\fc\b6\be\35\ba\3f" "\a7\9a\8b\16\73\48\bd\3f" "\b2\66\14\43\dc\31\c0\3f"
    "\c3\11\ab\73\d3\c3\c1\3f" "\e9\e6\13\2f\2b\5a\c3\3f" "\0a\f7\fe\a8\ef\f4\c4\3f"
    "\5a\18\20\37\2d\94\c6\3f" "\a9\b8\8d\51\f0\37\c8\3f" "\fb\b7\20\93\45\e0\c9\3f"
    "\55\4e\d5\b9\39\8d\cb\3f" "\b7\ff\2c\a7\d9\3e\cd\3f" "\12\a1\91\60\32\f5\ce\3f"
    "\a7\b8\dc\87\28\58\d0\3f" "\b4\24\86\81\21\38\d1\3f" "\40\f3\04\d7\8a\1a\d2\3f"
    "\9c\a8\d8\54\6b\ff\d2\3f" "\9b\b2\74\da\c9\e6\d3\3f" "\08\3e\75\5a\ad\d0\d4\3f"
    "\6a\9f\d4\da\1c\bd\d5\3f" "\a6\50\21\75\1f\ac\d6\3f" "\22\85\b4\56\bc\9d\d7\3f"
    "\13\56\e9\c0\fa\91\d8\3f" "\92\88\54\09\e2\88\d9\3f" "\32\ef\fc\99\79\82\da\3f"
    "\bc\68\94\f1\c8\7e\db\3f" "\cf\7d\b1\a3\d7\7d\dc\3f" "\23\9f\09\59\ad\7f\dd\3f"
    "\1b\06\ac\cf\51\84\de\3f" "\88\39\3d\db\cc\8b\df\3f" "\26\9c\99\32\13\4b\e0\3f"
    "\d9\25\89\36\b3\d1\e0\3f" "\b6\41\55\84\ca\59\e1\3f" "\6d\ee\2a\32\5d\e3\e1\3f"
    "\c9\8b\9b\61\6f\6e\e2\3f" "\9f\9c\bc\3f\05\fb\e2\3f" "\20\e1\47\05\23\89\e3\3f"
    "\c9\ca\bb\f6\cc\18\e4\3f" "\b9\4a\7c\64\07\aa\e4\3f" "\7e\fb\f3\aa\d6\3c\e5\3f"
    "\5b\a7\b5\32\3f\d1\e5\3f" "\f6\2b\9e\70\45\67\e6\3f" "\8d\bc\f6\e5\ed\fe\e6\3f"
    "\a4\83\97\20\3d\98\e7\3f" "\38\a5\0a\bb\37\33\e8\3f" "\96\a2\af\5c\e2\cf\e8\3f"
    "\d3\20\df\b9\41\6e\e9\3f" "\f7\12\0f\94\5a\0e\ea\3f" "\0e\49\f7\b9\31\b0\ea\3f"
    "\0b\65\b6\07\cc\53\eb\3f" "\bd\36\f7\66\2e\f9\eb\3f" "\ec\7f\16\cf\5d\a0\ec\3f"
    "\b3\21\49\45\5f\49\ed\3f" "\4e\b4\c2\dc\37\f4\ed\3f" "\81\8a\dc\b6\ec\a0\ee\3f"
    "\b0\21\3d\03\83\4f\ef\3f")
