  ;; The fused multiply-add gemm (opt-in: `createWasmKernels({ fusedMultiplyAdd: true })`), a module
  ;; of its own because it needs WebAssembly relaxed SIMD, which the default module must not (Node 20
  ;; validates it only with --experimental-wasm-relaxed-simd). It has no memory of its own: it runs
  ;; on the default module's, imported, so the packing, convolution and every other kernel of that
  ;; module feed it as they feed gemm.wat's gemm, which it replaces (fma.ts).
  ;;
  ;; `gemm(a, b, c, mp, np, kc, strideA, strideB, ldc, aStep, bStep, overwrite, bias)`: gemm.wat's
  ;; gemm (same arguments, memory layout, 4 x 8 register block and blocking; read its comment), with
  ;; each `acc += s * b` one `f32x4.relaxed_madd` instead of `f32x4.mul` then `f32x4.add`. Relaxed
  ;; SIMD lets the engine round once (a fused multiply-add: V8 emits one on x86-64 CPUs with FMA3
  ;; and on arm64) or twice (a multiply, then an add), so results may differ between machines in
  ;; their last bits; that is why it is opt-in and the default gemm stays bit-exact.
  (import "kernels" "memory" (memory 1))
  (func $gemm (export "gemm")
    (param $a i32) (param $b i32) (param $c i32) (param $mp i32) (param $np i32) (param $kc i32)
    (param $strideA i32) (param $strideB i32) (param $ldc i32) (param $aStep i32) (param $bStep i32)
    (param $overwrite i32) (param $bias i32)
    (local $jp i32) (local $ip i32) (local $ap i32) (local $bp i32) (local $p i32) (local $cp i32)
    (local $biasAt i32) (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $acc4 v128) (local $acc5 v128) (local $acc6 v128) (local $acc7 v128) (local $b0 v128)
    (local $b1 v128) (local $s v128)
    (local.set $jp (i32.const 0))
    (loop $eachPanelB
      (local.set $ip (i32.const 0))
      (loop $eachPanelA
        ;; $ap, $bp: where A's panel ip and B's panel jp start (the k loop moves them on).
        (local.set $ap (i32.add (local.get $a) (i32.mul (local.get $ip) (local.get $strideA))))
        (local.set $bp (i32.add (local.get $b) (i32.mul (local.get $jp) (local.get $strideB))))
        ;; The tile starts at the bias row's 8 columns of this B panel (every row alike), or at 0.
        (if (local.get $bias)
          (then
            (local.set $biasAt (i32.add (local.get $bias) (i32.shl (local.get $jp) (i32.const 5))))
            (local.set $acc0 (v128.load (local.get $biasAt)))
            (local.set $acc1 (v128.load offset=16 (local.get $biasAt)))
            (local.set $acc2 (local.get $acc0))
            (local.set $acc3 (local.get $acc1))
            (local.set $acc4 (local.get $acc0))
            (local.set $acc5 (local.get $acc1))
            (local.set $acc6 (local.get $acc0))
            (local.set $acc7 (local.get $acc1)))
          (else
            (local.set $acc0 (v128.const i32x4 0 0 0 0))
            (local.set $acc1 (v128.const i32x4 0 0 0 0))
            (local.set $acc2 (v128.const i32x4 0 0 0 0))
            (local.set $acc3 (v128.const i32x4 0 0 0 0))
            (local.set $acc4 (v128.const i32x4 0 0 0 0))
            (local.set $acc5 (v128.const i32x4 0 0 0 0))
            (local.set $acc6 (v128.const i32x4 0 0 0 0))
            (local.set $acc7 (v128.const i32x4 0 0 0 0))))
        ;; The k loop. $b0, $b1: B's 8 columns at step p; $s: A's row r at step p, in all 4 lanes;
        ;; relaxed_madd(s, b, acc) = s b + acc, rounded once where the machine fuses it.
        (local.set $p (local.get $kc))
        (loop $eachStep
          (local.set $b0 (v128.load (local.get $bp)))
          (local.set $b1 (v128.load offset=16 (local.get $bp)))
          ;; Row 0.
          (local.set $s (v128.load32_splat (local.get $ap)))
          (local.set $acc0 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc0)))
          (local.set $acc1 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc1)))
          ;; Row 1.
          (local.set $s (v128.load32_splat offset=4 (local.get $ap)))
          (local.set $acc2 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc2)))
          (local.set $acc3 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc3)))
          ;; Row 2.
          (local.set $s (v128.load32_splat offset=8 (local.get $ap)))
          (local.set $acc4 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc4)))
          (local.set $acc5 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc5)))
          ;; Row 3.
          (local.set $s (v128.load32_splat offset=12 (local.get $ap)))
          (local.set $acc6 (f32x4.relaxed_madd (local.get $s) (local.get $b0) (local.get $acc6)))
          (local.set $acc7 (f32x4.relaxed_madd (local.get $s) (local.get $b1) (local.get $acc7)))
          ;; The next k step of each panel.
          (local.set $ap (i32.add (local.get $ap) (local.get $aStep)))
          (local.set $bp (i32.add (local.get $bp) (local.get $bStep)))
          (br_if $eachStep (local.tee $p (i32.sub (local.get $p) (i32.const 1)))))
        ;; $cp = c + 4 ip ldc + 32 jp: the tile's top-left corner in C, then each next row.
        (local.set $cp
          (i32.add
            (i32.add
              (local.get $c)
              (i32.shl (i32.mul (local.get $ip) (local.get $ldc)) (i32.const 2)))
            (i32.shl (local.get $jp) (i32.const 5))))
        ;; Store the tile into C (the first k block) or add it to what earlier k blocks left there.
        (if (local.get $overwrite)
          (then
            (v128.store (local.get $cp) (local.get $acc0))
            (v128.store offset=16 (local.get $cp) (local.get $acc1))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (local.get $acc2))
            (v128.store offset=16 (local.get $cp) (local.get $acc3))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (local.get $acc4))
            (v128.store offset=16 (local.get $cp) (local.get $acc5))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (local.get $acc6))
            (v128.store offset=16 (local.get $cp) (local.get $acc7)))
          (else
            (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (local.get $acc0)))
            (v128.store offset=16
              (local.get $cp)
              (f32x4.add (v128.load offset=16 (local.get $cp)) (local.get $acc1)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (local.get $acc2)))
            (v128.store offset=16
              (local.get $cp)
              (f32x4.add (v128.load offset=16 (local.get $cp)) (local.get $acc3)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (local.get $acc4)))
            (v128.store offset=16
              (local.get $cp)
              (f32x4.add (v128.load offset=16 (local.get $cp)) (local.get $acc5)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (f32x4.add (v128.load (local.get $cp)) (local.get $acc6)))
            (v128.store offset=16
              (local.get $cp)
              (f32x4.add (v128.load offset=16 (local.get $cp)) (local.get $acc7)))))
        (br_if $eachPanelA
          (i32.lt_u (local.tee $ip (i32.add (local.get $ip) (i32.const 1))) (local.get $mp))))
      (br_if $eachPanelB
        (i32.lt_u (local.tee $jp (i32.add (local.get $jp) (i32.const 1))) (local.get $np)))))
