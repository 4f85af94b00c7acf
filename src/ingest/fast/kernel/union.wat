;; The union of ascending lists of 24-bit addresses (src/ingest/fast/hex-set.ts, unionSorted): the
;; aircraft counted in bulk by each byte range of a big file, some 17,000 to 19,000 a range, joined
;; once per range and once per file. In JavaScript the merges ran before V8 optimised them (about
;; 8 ms of the main thread after reading a 1 GB hour of ten ranges, and as much while reading).
;;
;; Compiled by scripts/build-kernel.ts into union-wasm.ts; tests/fast-path.test.ts checks that the
;; compiled bytes match this source.
;;
;; Memory: laid out by the JavaScript side (union-kernel.ts): the lists, then room for the merged
;; ones (u32 each).
(module
  (memory (export "memory") 1)

  ;; Merges the ascending lists of na and nb addresses at a and b (each without repeats) into one
  ;; ascending list without repeats at out, which overlaps neither; returns its length.
  (func (export "merge")
    (param $a i32) (param $na i32) (param $b i32) (param $nb i32) (param $out i32) (result i32)
    (local $aEnd i32) (local $bEnd i32) (local $at i32) (local $x i32) (local $y i32)
    (local.set $aEnd (i32.add (local.get $a) (i32.shl (local.get $na) (i32.const 2))))
    (local.set $bEnd (i32.add (local.get $b) (i32.shl (local.get $nb) (i32.const 2))))
    (local.set $at (local.get $out))
    (block $oneEnded
      (br_if $oneEnded (i32.or (i32.eqz (local.get $na)) (i32.eqz (local.get $nb))))
      (local.set $x (i32.load (local.get $a)))
      (local.set $y (i32.load (local.get $b)))
      (loop $both
        (if (i32.lt_u (local.get $x) (local.get $y))
          (then
            (i32.store (local.get $at) (local.get $x))
            (local.set $a (i32.add (local.get $a) (i32.const 4))))
          (else
            (i32.store (local.get $at) (local.get $y))
            ;; The same address in both lists: written once, both lists moved on.
            (if (i32.eq (local.get $x) (local.get $y))
              (then (local.set $a (i32.add (local.get $a) (i32.const 4)))))
            (local.set $b (i32.add (local.get $b) (i32.const 4)))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br_if $oneEnded
          (i32.or (i32.eq (local.get $a) (local.get $aEnd)) (i32.eq (local.get $b) (local.get $bEnd))))
        (local.set $x (i32.load (local.get $a)))
        (local.set $y (i32.load (local.get $b)))
        (br $both)))
    ;; What is left of either list, as it is.
    (block $aDone
      (loop $restA
        (br_if $aDone (i32.ge_u (local.get $a) (local.get $aEnd)))
        (i32.store (local.get $at) (i32.load (local.get $a)))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $restA)))
    (block $bDone
      (loop $restB
        (br_if $bDone (i32.ge_u (local.get $b) (local.get $bEnd)))
        (i32.store (local.get $at) (i32.load (local.get $b)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $restB)))
    (i32.shr_u (i32.sub (local.get $at) (local.get $out)) (i32.const 2)))
)
