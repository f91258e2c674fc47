;; The recommender's hot loops in WebAssembly with 128-bit SIMD (two doubles per lane).
;; Offsets are byte addresses in the module's memory; rows are Float64 and need not be aligned.
;; Compiled into kernels-wasm.ts by `npm run build:kernels` (a test keeps the two in step).
(module
  (memory (export "memory") 1)

  ;; Σ x[t]·y[t] for t < n.
  (func (export "dot") (param $x i32) (param $y i32) (param $n i32) (result f64)
    (local $a0 v128) (local $a1 v128) (local $end4 i32) (local $end i32) (local $s f64)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (block $done4
      (loop $four
        (br_if $done4 (i32.ge_u (local.get $x) (local.get $end4)))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (local.get $x)) (v128.load (local.get $y)))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load offset=16 (local.get $x)) (v128.load offset=16 (local.get $y)))))
        (local.set $x (i32.add (local.get $x) (i32.const 32)))
        (local.set $y (i32.add (local.get $y) (i32.const 32)))
        (br $four)))
    (local.set $a0 (f64x2.add (local.get $a0) (local.get $a1)))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $x)) (f64.load (local.get $y)))))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (br $one)))
    (local.get $s))

  ;; t[i] += factor·x[i] for i < n.
  (func (export "axpy") (param $t i32) (param $factor f64) (param $x i32) (param $n i32)
    (local $f v128) (local $end4 i32) (local $end i32)
    (local.set $f (f64x2.splat (local.get $factor)))
    (local.set $end (i32.add (local.get $t) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end4 (i32.add (local.get $t) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (block $done4
      (loop $four
        (br_if $done4 (i32.ge_u (local.get $t) (local.get $end4)))
        (v128.store (local.get $t) (f64x2.add (v128.load (local.get $t)) (f64x2.mul (local.get $f) (v128.load (local.get $x)))))
        (v128.store offset=16 (local.get $t) (f64x2.add (v128.load offset=16 (local.get $t)) (f64x2.mul (local.get $f) (v128.load offset=16 (local.get $x)))))
        (local.set $t (i32.add (local.get $t) (i32.const 32)))
        (local.set $x (i32.add (local.get $x) (i32.const 32)))
        (br $four)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $t) (local.get $end)))
        (f64.store (local.get $t) (f64.add (f64.load (local.get $t)) (f64.mul (local.get $factor) (f64.load (local.get $x)))))
        (local.set $t (i32.add (local.get $t) (i32.const 8)))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (br $one))))
)
