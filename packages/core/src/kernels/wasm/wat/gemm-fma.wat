  ;; The fused multiply-add gemm (opt-in: `createWasmKernels({ fusedMultiplyAdd: true })`), a module
  ;; of its own because it needs WebAssembly relaxed SIMD, which the default module must not (Node
  ;; 20 validates it only with --experimental-wasm-relaxed-simd). It has no memory of its own: it
  ;; runs on the default module's, imported, so the packing, convolution and every other kernel of
  ;; that module feed it as they feed gemm.wat's gemm, which it replaces (fma.ts).
  ;;
  ;; `gemm(a, b, c, mp, np, kc, strideA, strideB, ldc, aStep, bStep, overwrite, bias)`: gemm.wat's
  ;; gemm: the same arguments, memory layout (A in panels of 4 rows, B in panels of 8 columns, C
  ;; row-major with room for `4 mp` rows of `8 np` columns) and contract; read its comment. Each
  ;; `acc += s * b` is one `f32x4.relaxed_madd` instead of `f32x4.mul` then `f32x4.add`. Relaxed
  ;; SIMD lets the engine round once (a fused multiply-add: V8 emits one on x86-64 CPUs with FMA3
  ;; and on arm64) or twice (a multiply, then an add), so results may differ between machines in
  ;; their last bits; that is why it is opt-in and the default gemm stays bit-exact.
  ;;
  ;; The register block is 5 x 8 (10 accumulators), not gemm.wat's 4 x 8 (8): a fused multiply-add
  ;; needs no register for the product, and its latency (4 cycles on Zen 4, two issued per cycle)
  ;; wants more than 8 independent chains. Why 5 and not 6: V8 for x86-64 allocates 15 vector
  ;; registers, and Node 20's compiler (TurboFan) schedules every load of the k loop's body before
  ;; its arithmetic, so all of a step's loaded values are live at once. A 6 x 8 tile of broadcast
  ;; loads needs 12 accumulators + 2 B vectors + 6 broadcasts: TurboFan spilled accumulators to
  ;; the stack and ran it at about half the default gemm's speed (Chromium 156's compiler did not,
  ;; and ran it a few per cent faster than this one). So a 5 x 8 step loads B's two vectors, the 4
  ;; rows of one A panel as one vector (broadcast lane by lane with `i8x16.shuffle`, which is not a
  ;; load, so it is scheduled beside its use) and the fifth row as a broadcast: 10 + 2 + 2 live,
  ;; plus the shuffle's result, fits.
  ;;
  ;; The five rows come from the caller's 4-row panels, so neither packing nor the drivers change:
  ;; each five panels (20 rows) are four 5 x 8 tiles, tile t = the 4 lanes of panel ip+t and lane t
  ;; of panel ip+4; the last `mp mod 5` panels are 4 x 8 tiles (gemm.wat's block, fused). Every
  ;; element of C still sums its k products in order, one rounding each, so the tile shape changes
  ;; no bit of the result.
  (import "kernels" "memory" (memory 1))
  (func $gemm (export "gemm")
    (param $a i32) (param $b i32) (param $c i32) (param $mp i32) (param $np i32) (param $kc i32)
    (param $strideA i32) (param $strideB i32) (param $ldc i32) (param $aStep i32) (param $bStep i32)
    (param $overwrite i32) (param $bias i32)
    (local $jp i32) (local $ip i32) (local $ap i32) (local $bp i32) (local $cp i32)
    (local $biasAt i32)
    (local.set $jp (i32.const 0))
    (loop $eachPanelB
      ;; $bp: B's panel jp; $cp: row 0 of C in its columns; $biasAt: its 8 bias floats, or 0.
      (local.set $bp (i32.add (local.get $b) (i32.mul (local.get $jp) (local.get $strideB))))
      (local.set $cp (i32.add (local.get $c) (i32.shl (local.get $jp) (i32.const 5))))
      (local.set $biasAt
        (select
          (i32.add (local.get $bias) (i32.shl (local.get $jp) (i32.const 5)))
          (i32.const 0)
          (local.get $bias)))
      (local.set $ap (local.get $a))
      (local.set $ip (i32.const 0))
      ;; Five panels at a time ($ap: panel ip; $cp: its row 0 in C): four 5 x 8 tiles.
      (block $groupsDone
        (loop $eachGroup
          (br_if $groupsDone (i32.gt_u (i32.add (local.get $ip) (i32.const 5)) (local.get $mp)))
          (call $tile5
            (local.get $ap)
            (i32.add (local.get $ap) (i32.mul (local.get $strideA) (i32.const 4)))
            (local.get $bp) (local.get $kc) (local.get $aStep) (local.get $bStep)
            (local.get $cp)
            (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 16)))
            (local.get $ldc) (local.get $overwrite) (local.get $biasAt))
          (call $tile5
            (i32.add (local.get $ap) (i32.mul (local.get $strideA) (i32.const 1)))
            (i32.add
              (i32.add (local.get $ap) (i32.mul (local.get $strideA) (i32.const 4)))
              (i32.const 4))
            (local.get $bp) (local.get $kc) (local.get $aStep) (local.get $bStep)
            (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 4)))
            (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 17)))
            (local.get $ldc) (local.get $overwrite) (local.get $biasAt))
          (call $tile5
            (i32.add (local.get $ap) (i32.mul (local.get $strideA) (i32.const 2)))
            (i32.add
              (i32.add (local.get $ap) (i32.mul (local.get $strideA) (i32.const 4)))
              (i32.const 8))
            (local.get $bp) (local.get $kc) (local.get $aStep) (local.get $bStep)
            (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 8)))
            (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 18)))
            (local.get $ldc) (local.get $overwrite) (local.get $biasAt))
          (call $tile5
            (i32.add (local.get $ap) (i32.mul (local.get $strideA) (i32.const 3)))
            (i32.add
              (i32.add (local.get $ap) (i32.mul (local.get $strideA) (i32.const 4)))
              (i32.const 12))
            (local.get $bp) (local.get $kc) (local.get $aStep) (local.get $bStep)
            (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 12)))
            (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 19)))
            (local.get $ldc) (local.get $overwrite) (local.get $biasAt))
          (local.set $ap (i32.add (local.get $ap) (i32.mul (local.get $strideA) (i32.const 5))))
          (local.set $cp (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 20))))
          (local.set $ip (i32.add (local.get $ip) (i32.const 5)))
          (br $eachGroup)))
      ;; The last mp mod 5 panels: a 4 x 8 tile each.
      (block $panelsDone
        (loop $eachPanel
          (br_if $panelsDone (i32.ge_u (local.get $ip) (local.get $mp)))
          (call $tile4
            (local.get $ap) (i32.const 0)
            (local.get $bp) (local.get $kc) (local.get $aStep) (local.get $bStep)
            (local.get $cp) (i32.const 0)
            (local.get $ldc) (local.get $overwrite) (local.get $biasAt))
          (local.set $ap (i32.add (local.get $ap) (local.get $strideA)))
          (local.set $cp (i32.add (local.get $cp) (i32.shl (local.get $ldc) (i32.const 2))))
          (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
          (br $eachPanel)))
      (br_if $eachPanelB
        (i32.lt_u (local.tee $jp (i32.add (local.get $jp) (i32.const 1))) (local.get $np)))))

  ;; `tile4(g4, gx, bp, kc, aStep, bStep, c4, cx, ldc, overwrite, bias)`: gemm.wat's 4 x 8 tile,
  ;; fused: A's panel at `g4` (row r at `g4 + 4r`, each next k step `aStep` bytes on), B's 8 columns
  ;; at `bp` (`bStep` bytes per step), C's rows from `c4`, `ldc` bytes apart; `kc` >= 1 steps. The
  ;; tile starts at the 8 floats at `bias` in every row, or at 0 when `bias` is 0; it is stored
  ;; into C when `overwrite` is 1, else added to it. (`gx` and `cx`, tile5's fifth row, are unused.)
  (func $tile4
    (param $g4 i32) (param $gx i32) (param $bp i32) (param $kc i32) (param $aStep i32)
    (param $bStep i32) (param $c4 i32) (param $cx i32) (param $ldc i32) (param $overwrite i32)
    (param $bias i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $acc4 v128) (local $acc5 v128) (local $acc6 v128) (local $acc7 v128)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (if (local.get $bias)
      (then
        (local.set $acc0 (v128.load (local.get $bias)))
        (local.set $acc1 (v128.load offset=16 (local.get $bias)))))
    (local.set $acc2 (local.get $acc0))
    (local.set $acc3 (local.get $acc1))
    (local.set $acc4 (local.get $acc0))
    (local.set $acc5 (local.get $acc1))
    (local.set $acc6 (local.get $acc0))
    (local.set $acc7 (local.get $acc1))
    ;; The k loop: two loads of B, four broadcasts of A, eight fused multiply-adds.
    (loop $eachStep
      (local.set $b0 (v128.load (local.get $bp)))
      (local.set $b1 (v128.load offset=16 (local.get $bp)))
      (local.set $s (v128.load32_splat (local.get $g4)))
      (local.set $acc0 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc0)))
      (local.set $acc1 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc1)))
      (local.set $s (v128.load32_splat offset=4 (local.get $g4)))
      (local.set $acc2 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc2)))
      (local.set $acc3 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc3)))
      (local.set $s (v128.load32_splat offset=8 (local.get $g4)))
      (local.set $acc4 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc4)))
      (local.set $acc5 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc5)))
      (local.set $s (v128.load32_splat offset=12 (local.get $g4)))
      (local.set $acc6 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc6)))
      (local.set $acc7 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc7)))
      (local.set $g4 (i32.add (local.get $g4) (local.get $aStep)))
      (local.set $bp (i32.add (local.get $bp) (local.get $bStep)))
      (br_if $eachStep (local.tee $kc (i32.sub (local.get $kc) (i32.const 1)))))
    ;; Store the tile into C (the first k block) or add it to what earlier k blocks left there.
    (if (local.get $overwrite)
      (then
        (v128.store (local.get $c4) (local.get $acc0))
        (v128.store offset=16 (local.get $c4) (local.get $acc1))
        (local.set $c4 (i32.add (local.get $c4) (local.get $ldc)))
        (v128.store (local.get $c4) (local.get $acc2))
        (v128.store offset=16 (local.get $c4) (local.get $acc3))
        (local.set $c4 (i32.add (local.get $c4) (local.get $ldc)))
        (v128.store (local.get $c4) (local.get $acc4))
        (v128.store offset=16 (local.get $c4) (local.get $acc5))
        (local.set $c4 (i32.add (local.get $c4) (local.get $ldc)))
        (v128.store (local.get $c4) (local.get $acc6))
        (v128.store offset=16 (local.get $c4) (local.get $acc7)))
      (else
        (v128.store (local.get $c4) (f32x4.add (v128.load (local.get $c4)) (local.get $acc0)))
        (v128.store offset=16
          (local.get $c4)
          (f32x4.add (v128.load offset=16 (local.get $c4)) (local.get $acc1)))
        (local.set $c4 (i32.add (local.get $c4) (local.get $ldc)))
        (v128.store (local.get $c4) (f32x4.add (v128.load (local.get $c4)) (local.get $acc2)))
        (v128.store offset=16
          (local.get $c4)
          (f32x4.add (v128.load offset=16 (local.get $c4)) (local.get $acc3)))
        (local.set $c4 (i32.add (local.get $c4) (local.get $ldc)))
        (v128.store (local.get $c4) (f32x4.add (v128.load (local.get $c4)) (local.get $acc4)))
        (v128.store offset=16
          (local.get $c4)
          (f32x4.add (v128.load offset=16 (local.get $c4)) (local.get $acc5)))
        (local.set $c4 (i32.add (local.get $c4) (local.get $ldc)))
        (v128.store (local.get $c4) (f32x4.add (v128.load (local.get $c4)) (local.get $acc6)))
        (v128.store offset=16
          (local.get $c4)
          (f32x4.add (v128.load offset=16 (local.get $c4)) (local.get $acc7))))))
  ;; `tile5(g4, gx, bp, kc, aStep, bStep, c4, cx, ldc, overwrite, bias)`: tile4 plus a fifth row
  ;; of A at `gx` (each next k step `aStep` bytes on), whose row of C is at `cx`.
  (func $tile5
    (param $g4 i32) (param $gx i32) (param $bp i32) (param $kc i32) (param $aStep i32)
    (param $bStep i32) (param $c4 i32) (param $cx i32) (param $ldc i32) (param $overwrite i32)
    (param $bias i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $acc4 v128) (local $acc5 v128) (local $acc6 v128) (local $acc7 v128)
    (local $acc8 v128) (local $acc9 v128)
    (local $b0 v128) (local $b1 v128) (local $s v128) (local $a4 v128)
    (if (local.get $bias)
      (then
        (local.set $acc0 (v128.load (local.get $bias)))
        (local.set $acc1 (v128.load offset=16 (local.get $bias)))))
    (local.set $acc2 (local.get $acc0))
    (local.set $acc3 (local.get $acc1))
    (local.set $acc4 (local.get $acc0))
    (local.set $acc5 (local.get $acc1))
    (local.set $acc6 (local.get $acc0))
    (local.set $acc7 (local.get $acc1))
    (local.set $acc8 (local.get $acc0))
    (local.set $acc9 (local.get $acc1))
    ;; The k loop: B's two vectors, A's panel as one vector (each row broadcast by a shuffle) and
    ;; its fifth row broadcast; each broadcast $s feeds two fused multiply-adds.
    (loop $eachStep
      (local.set $b0 (v128.load (local.get $bp)))
      (local.set $b1 (v128.load offset=16 (local.get $bp)))
      (local.set $a4 (v128.load (local.get $g4)))
      (local.set $s
        (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $a4) (local.get $a4)))
      (local.set $acc0 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc0)))
      (local.set $acc1 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc1)))
      (local.set $s
        (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $a4) (local.get $a4)))
      (local.set $acc2 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc2)))
      (local.set $acc3 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc3)))
      (local.set $s
        (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $a4) (local.get $a4)))
      (local.set $acc4 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc4)))
      (local.set $acc5 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc5)))
      (local.set $s
        (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15
          (local.get $a4)
          (local.get $a4)))
      (local.set $acc6 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc6)))
      (local.set $acc7 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc7)))
      (local.set $s (v128.load32_splat (local.get $gx)))
      (local.set $acc8 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc8)))
      (local.set $acc9 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc9)))
      (local.set $g4 (i32.add (local.get $g4) (local.get $aStep)))
      (local.set $gx (i32.add (local.get $gx) (local.get $aStep)))
      (local.set $bp (i32.add (local.get $bp) (local.get $bStep)))
      (br_if $eachStep (local.tee $kc (i32.sub (local.get $kc) (i32.const 1)))))
    ;; Store the tile into C (the first k block) or add it to what earlier k blocks left there.
    (if (local.get $overwrite)
      (then
        (v128.store (local.get $c4) (local.get $acc0))
        (v128.store offset=16 (local.get $c4) (local.get $acc1))
        (local.set $c4 (i32.add (local.get $c4) (local.get $ldc)))
        (v128.store (local.get $c4) (local.get $acc2))
        (v128.store offset=16 (local.get $c4) (local.get $acc3))
        (local.set $c4 (i32.add (local.get $c4) (local.get $ldc)))
        (v128.store (local.get $c4) (local.get $acc4))
        (v128.store offset=16 (local.get $c4) (local.get $acc5))
        (local.set $c4 (i32.add (local.get $c4) (local.get $ldc)))
        (v128.store (local.get $c4) (local.get $acc6))
        (v128.store offset=16 (local.get $c4) (local.get $acc7))
        (v128.store (local.get $cx) (local.get $acc8))
        (v128.store offset=16 (local.get $cx) (local.get $acc9)))
      (else
        (v128.store (local.get $c4) (f32x4.add (v128.load (local.get $c4)) (local.get $acc0)))
        (v128.store offset=16
          (local.get $c4)
          (f32x4.add (v128.load offset=16 (local.get $c4)) (local.get $acc1)))
        (local.set $c4 (i32.add (local.get $c4) (local.get $ldc)))
        (v128.store (local.get $c4) (f32x4.add (v128.load (local.get $c4)) (local.get $acc2)))
        (v128.store offset=16
          (local.get $c4)
          (f32x4.add (v128.load offset=16 (local.get $c4)) (local.get $acc3)))
        (local.set $c4 (i32.add (local.get $c4) (local.get $ldc)))
        (v128.store (local.get $c4) (f32x4.add (v128.load (local.get $c4)) (local.get $acc4)))
        (v128.store offset=16
          (local.get $c4)
          (f32x4.add (v128.load offset=16 (local.get $c4)) (local.get $acc5)))
        (local.set $c4 (i32.add (local.get $c4) (local.get $ldc)))
        (v128.store (local.get $c4) (f32x4.add (v128.load (local.get $c4)) (local.get $acc6)))
        (v128.store offset=16
          (local.get $c4)
          (f32x4.add (v128.load offset=16 (local.get $c4)) (local.get $acc7)))
        (v128.store (local.get $cx) (f32x4.add (v128.load (local.get $cx)) (local.get $acc8)))
        (v128.store offset=16
          (local.get $cx)
          (f32x4.add (v128.load offset=16 (local.get $cx)) (local.get $acc9))))))

  ;; `convGemm(src, w, c, table, k, origins, quads, tiles, np, ldc, bias)`: conv.wat's convGemm
  ;; (the forward convolution's indirect gemm: the same arguments, memory layout and contract; read
  ;; its comment), with each `acc += s * b` one `f32x4.relaxed_madd`. Its 4 x 8 tile has the
  ;; default's shape: the rows of a tile are 4 output positions read from the image, not 4 rows of
  ;; a packed panel, so the 5 x 8 tile's one-load trick above does not apply.
  (func $convGemm (export "convGemm")
    (param $src i32) (param $w i32) (param $c i32) (param $table i32) (param $k i32)
    (param $origins i32) (param $quads i32) (param $tiles i32) (param $np i32) (param $ldc i32)
    (param $bias i32)
    (local $q i32) (local $jp i32) (local $tp i32) (local $tEnd i32) (local $bp i32) (local $cp i32)
    (local $op i32) (local $quad i32) (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $a0 i32) (local $t i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $acc4 v128)
    (local $acc5 v128) (local $acc6 v128) (local $acc7 v128) (local $b0 v128) (local $b1 v128)
    (local $s v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $tEnd (i32.add (local.get $table) (i32.shl (local.get $k) (i32.const 2))))
    (local.set $q (i32.const 0))
    (loop $eachTile
      ;; The tile's four window corners (absolute), and whether they are one quad.
      (local.set $op (i32.add (local.get $origins) (i32.shl (local.get $q) (i32.const 4))))
      (local.set $o0 (i32.add (local.get $src) (i32.load (local.get $op))))
      (local.set $o1 (i32.add (local.get $src) (i32.load offset=4 (local.get $op))))
      (local.set $o2 (i32.add (local.get $src) (i32.load offset=8 (local.get $op))))
      (local.set $o3 (i32.add (local.get $src) (i32.load offset=12 (local.get $op))))
      (local.set $quad (i32.load8_u (i32.add (local.get $quads) (local.get $q))))
      (local.set $jp (i32.const 0))
      (loop $eachPanel
        (local.set $bp (i32.add (local.get $w) (i32.mul (local.get $jp) (i32.shl (local.get $k) (i32.const 5)))))
        (local.set $acc0 (v128.const i32x4 0 0 0 0))
        (local.set $acc1 (v128.const i32x4 0 0 0 0))
        (local.set $acc2 (v128.const i32x4 0 0 0 0))
        (local.set $acc3 (v128.const i32x4 0 0 0 0))
        (local.set $acc4 (v128.const i32x4 0 0 0 0))
        (local.set $acc5 (v128.const i32x4 0 0 0 0))
        (local.set $acc6 (v128.const i32x4 0 0 0 0))
        (local.set $acc7 (v128.const i32x4 0 0 0 0))
        (local.set $tp (local.get $table))
        (if (i32.lt_u (local.get $tp) (local.get $tEnd))
          (then
            (if (local.get $quad)
              (then
        (loop $eachTapQuad
          (local.set $a0 (i32.add (local.get $o0) (i32.load (local.get $tp))))
          (local.set $b0 (v128.load (local.get $bp)))
          (local.set $b1 (v128.load offset=16 (local.get $bp)))
          (local.set $s (v128.load32_splat (local.get $a0)))
          (local.set $acc0 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc0)))
          (local.set $acc1 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc1)))
          (local.set $s (v128.load32_splat offset=4 (local.get $a0)))
          (local.set $acc2 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc2)))
          (local.set $acc3 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc3)))
          (local.set $s (v128.load32_splat offset=8 (local.get $a0)))
          (local.set $acc4 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc4)))
          (local.set $acc5 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc5)))
          (local.set $s (v128.load32_splat offset=12 (local.get $a0)))
          (local.set $acc6 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc6)))
          (local.set $acc7 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc7)))
          (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
          (br_if $eachTapQuad
            (i32.lt_u (local.tee $tp (i32.add (local.get $tp) (i32.const 4))) (local.get $tEnd)))))
              (else
        (loop $eachTap
          (local.set $t (i32.load (local.get $tp)))
          (local.set $b0 (v128.load (local.get $bp)))
          (local.set $b1 (v128.load offset=16 (local.get $bp)))
          (local.set $s (v128.load32_splat (i32.add (local.get $o0) (local.get $t))))
          (local.set $acc0 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc0)))
          (local.set $acc1 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc1)))
          (local.set $s (v128.load32_splat (i32.add (local.get $o1) (local.get $t))))
          (local.set $acc2 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc2)))
          (local.set $acc3 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc3)))
          (local.set $s (v128.load32_splat (i32.add (local.get $o2) (local.get $t))))
          (local.set $acc4 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc4)))
          (local.set $acc5 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc5)))
          (local.set $s (v128.load32_splat (i32.add (local.get $o3) (local.get $t))))
          (local.set $acc6 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc6)))
          (local.set $acc7 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc7)))
          (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
          (br_if $eachTap
            (i32.lt_u (local.tee $tp (i32.add (local.get $tp) (i32.const 4))) (local.get $tEnd))))))))
        (if (local.get $bias)
          (then
            (local.set $bp (i32.add (local.get $bias) (i32.shl (local.get $jp) (i32.const 5))))
            (local.set $b0 (v128.load (local.get $bp)))
            (local.set $b1 (v128.load offset=16 (local.get $bp)))
            (local.set $acc0 (f32x4.add (local.get $acc0) (local.get $b0)))
            (local.set $acc1 (f32x4.add (local.get $acc1) (local.get $b1)))
            (local.set $acc2 (f32x4.add (local.get $acc2) (local.get $b0)))
            (local.set $acc3 (f32x4.add (local.get $acc3) (local.get $b1)))
            (local.set $acc4 (f32x4.add (local.get $acc4) (local.get $b0)))
            (local.set $acc5 (f32x4.add (local.get $acc5) (local.get $b1)))
            (local.set $acc6 (f32x4.add (local.get $acc6) (local.get $b0)))
            (local.set $acc7 (f32x4.add (local.get $acc7) (local.get $b1)))))
        ;; Channels 8 jp..8 jp+3 (accumulators 0, 2, 4, 6 are positions 0..3), then 8 jp+4..8 jp+7.
        (local.set $cp
          (i32.add
            (i32.add (local.get $c) (i32.mul (i32.shl (local.get $jp) (i32.const 3)) (local.get $ldc)))
            (i32.shl (local.get $q) (i32.const 4))))
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $acc0) (local.get $acc2)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $acc0) (local.get $acc2)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $acc4) (local.get $acc6)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $acc4) (local.get $acc6)))
        (v128.store (local.get $cp) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $acc1) (local.get $acc3)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $acc1) (local.get $acc3)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $acc5) (local.get $acc7)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $acc5) (local.get $acc7)))
        (v128.store (local.get $cp) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
        (v128.store (local.get $cp) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
        (br_if $eachPanel (i32.lt_u (local.tee $jp (i32.add (local.get $jp) (i32.const 1))) (local.get $np))))
      (br_if $eachTile (i32.lt_u (local.tee $q (i32.add (local.get $q) (i32.const 1))) (local.get $tiles)))))
