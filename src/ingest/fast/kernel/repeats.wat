;; The search for positions repeated across a big file's byte ranges (src/ingest/source-result.ts,
;; repeatsAcross): each range hands, per aircraft, its address, the key of its first dated position,
;; that position's line and the key of its last (four f64 each, a "pack"). Ranges are scanned in
;; order; an aircraft's first key in a range that equals its last key in the ranges before is a
;; repeat. Run once per big file, after every range is read, on the main thread alone: in JavaScript
;; the loop ran before V8 optimised it (~10 ms for the 1 GB OpenSky hour's ~70,000 entries).
;;
;; Compiled by scripts/build-kernel.ts into repeats-wasm.ts; tests/fast-path.test.ts checks that
;; the compiled bytes match this source.
;;
;; Memory: laid out by the JavaScript side (repeats-kernel.ts): a pack (one at a time), the table (2^bits i32
;; addresses, -1 for an empty slot, as the JavaScript side sets them, then 2^bits f64 keys), and
;; room for the repeats' indexes.
(module
  (memory (export "memory") 1)

  ;; Scans `entries` pack entries at `packs` against the table (which keeps each aircraft's last key
  ;; of the ranges scanned before), moving it on past them; writes the indexes of the repeats to
  ;; `out` (i32 each) and returns how many there are.
  (func (export "scan")
    (param $packs i32) (param $entries i32) (param $bits i32) (param $table i32) (param $out i32)
    (result i32)
    (local $i i32) (local $at i32) (local $addr i32) (local $slot i32) (local $key i32)
    (local $mask i32) (local $shift i32) (local $values i32) (local $found i32)
    (local.set $mask (i32.sub (i32.shl (i32.const 1) (local.get $bits)) (i32.const 1)))
    (local.set $shift (i32.sub (i32.const 32) (local.get $bits)))
    (local.set $values (i32.add (local.get $table) (i32.shl (i32.const 4) (local.get $bits))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $entries)))
        (local.set $at (i32.add (local.get $packs) (i32.shl (local.get $i) (i32.const 5))))
        (local.set $addr (i32.trunc_f64_s (f64.load (local.get $at))))
        ;; Fibonacci hashing, as the JavaScript table did (Math.imul, then >>>).
        (local.set $slot
          (i32.shr_u (i32.mul (local.get $addr) (i32.const 0x9e3779b1)) (local.get $shift)))
        (block $placed
          (loop $probe
            (local.set $key
              (i32.load (i32.add (local.get $table) (i32.shl (local.get $slot) (i32.const 2)))))
            (br_if $placed (i32.eq (local.get $key) (i32.const -1)))
            (br_if $placed (i32.eq (local.get $key) (local.get $addr)))
            (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
            (br $probe)))
        ;; The aircraft's last key in the ranges before (none: an empty slot) against its first here.
        (if (i32.eq (local.get $key) (local.get $addr))
          (then
            (if (f64.eq
                  (f64.load (i32.add (local.get $values) (i32.shl (local.get $slot) (i32.const 3))))
                  (f64.load offset=8 (local.get $at)))
              (then
                (i32.store
                  (i32.add (local.get $out) (i32.shl (local.get $found) (i32.const 2)))
                  (local.get $i))
                (local.set $found (i32.add (local.get $found) (i32.const 1)))))))
        (i32.store
          (i32.add (local.get $table) (i32.shl (local.get $slot) (i32.const 2)))
          (local.get $addr))
        (f64.store
          (i32.add (local.get $values) (i32.shl (local.get $slot) (i32.const 3)))
          (f64.load offset=24 (local.get $at)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $found))
)
