;; An aircraft's fixes cleaned in WebAssembly (src/tracks/clean.ts, cleanIndexes): the reports of a
;; fix folded into the first, then the fixes that imply an impossible speed left out. A run cleans
;; each aircraft once, after reading, on JavaScript V8 has not yet optimised (a military-heavy
;; hour's 21,500 fixes: 7-12 ms, and its compilers' threads busy beside it); this runs compiled
;; from its first call, with no warm-up.
;;
;; Every step is the JavaScript's, in the same order of floating-point operations, with JavaScript's
;; own trigonometry (Math.sin, Math.cos and Math.asin, imported): the same distances to the last bit,
;; so the same decisions (tests/clean-kernel.test.ts compares the two). distance.ts's `x ** 2` is
;; V8's Math.pow(x, 2), which is x * x exactly (fdlibm's pow returns x * x for y = 2): a multiply
;; here, not a call out of the kernel (each costs about as much as the rest of a distance).
;;
;; Compiled by scripts/build-kernel.ts into clean-wasm.ts; tests/fast-path.test.ts checks that the
;; compiled bytes match this source.
;;
;; Memory, for `n` fixes (laid out by clean-kernel.ts): their times (ms), latitudes and longitudes
;; (f64 each, from 0, 8n and 16n), then four lists of fix numbers (i32 each): the distinct fixes
;; (from 24n), the folded reports (28n), the fixes kept (32n) and the outliers (36n).
(module
  (import "math" "sin" (func $sin (param f64) (result f64)))
  (import "math" "cos" (func $cos (param f64) (result f64)))
  (import "math" "asin" (func $asin (param f64) (result f64)))
  (memory (export "memory") 1)

  ;; Math.PI / 180, the Earth's radius (km) and km per nautical mile, as distance.ts has them.
  (global $rad (mut f64) (f64.const 0))
  (global $radiusKm (mut f64) (f64.const 0))
  (global $kmPerNm (mut f64) (f64.const 0))
  ;; Where the columns and lists start (bytes), for the fixes of the last call.
  (global $lat (mut i32) (i32.const 0))
  (global $lon (mut i32) (i32.const 0))
  ;; How many each list holds after a call.
  (global $duplicates (export "duplicates") (mut i32) (i32.const 0))
  (global $fixes (export "fixes") (mut i32) (i32.const 0))
  (global $outliers (export "outliers") (mut i32) (i32.const 0))

  (func (export "init") (param $rad f64) (param $radiusKm f64) (param $kmPerNm f64)
    (global.set $rad (local.get $rad))
    (global.set $radiusKm (local.get $radiusKm))
    (global.set $kmPerNm (local.get $kmPerNm)))

  ;; distance.ts's distanceKm (haversine), step for step.
  (func $distanceKm (param $lat1 f64) (param $lon1 f64) (param $lat2 f64) (param $lon2 f64) (result f64)
    (local $dLat f64)
    (local $dLon f64)
    (local $a f64)
    (local $sinLat f64)
    (local $sinLon f64)
    (local.set $dLat (f64.mul (f64.sub (local.get $lat2) (local.get $lat1)) (global.get $rad)))
    (local.set $dLon (f64.mul (f64.sub (local.get $lon2) (local.get $lon1)) (global.get $rad)))
    (local.set $sinLat (call $sin (f64.div (local.get $dLat) (f64.const 2))))
    (local.set $sinLon (call $sin (f64.div (local.get $dLon) (f64.const 2))))
    (local.set $a
      (f64.add
        (f64.mul (local.get $sinLat) (local.get $sinLat))
        (f64.mul
          (f64.mul
            (call $cos (f64.mul (local.get $lat1) (global.get $rad)))
            (call $cos (f64.mul (local.get $lat2) (global.get $rad))))
          (f64.mul (local.get $sinLon) (local.get $sinLon)))))
    (f64.mul
      (f64.mul (f64.const 2) (global.get $radiusKm))
      (call $asin (f64.min (f64.const 1) (f64.sqrt (local.get $a))))))

  ;; At least distanceKm of the same two places, without its trigonometry: the haversine's term a is
  ;; at most A = (dLat/2)^2 + (dLon/2)^2 (|sin x| <= |x|, cos <= 1), and asin y <= y / sqrt(1 - y^2),
  ;; so the distance is at most 2R sqrt(A / (1 - A)). Taken 1e-9 above that, far beyond the few
  ;; roundings of either side, it is never below what distanceKm returns; a step it does not settle
  ;; (A not small, NaN) gives NaN, which no limit compares above (an infinite limit included), and
  ;; the exact distance is asked. Almost every step of a
  ;; track is settled so, where distanceKm calls out of the kernel five times.
  (func $distanceAbove (export "distanceAbove") (param $lat1 f64) (param $lon1 f64) (param $lat2 f64) (param $lon2 f64) (result f64)
    (local $halfLat f64)
    (local $halfLon f64)
    (local $a f64)
    (local.set $halfLat
      (f64.mul (f64.mul (f64.sub (local.get $lat2) (local.get $lat1)) (global.get $rad)) (f64.const 0.5)))
    (local.set $halfLon
      (f64.mul (f64.mul (f64.sub (local.get $lon2) (local.get $lon1)) (global.get $rad)) (f64.const 0.5)))
    (local.set $a
      (f64.add
        (f64.mul (local.get $halfLat) (local.get $halfLat))
        (f64.mul (local.get $halfLon) (local.get $halfLon))))
    (if (result f64) (f64.lt (local.get $a) (f64.const 0.25))
      (then
        (f64.mul
          (f64.mul
            (f64.mul (f64.const 2) (global.get $radiusKm))
            (f64.sqrt (f64.div (local.get $a) (f64.sub (f64.const 1) (local.get $a)))))
          (f64.const 1.000000001)))
      (else (f64.const nan))))

  ;; The same bound for fixes $a and $b (fix numbers).
  (func $distanceAboveOf (param $a i32) (param $b i32) (result f64)
    (call $distanceAbove
      (f64.load (i32.add (global.get $lat) (i32.shl (local.get $a) (i32.const 3))))
      (f64.load (i32.add (global.get $lon) (i32.shl (local.get $a) (i32.const 3))))
      (f64.load (i32.add (global.get $lat) (i32.shl (local.get $b) (i32.const 3))))
      (f64.load (i32.add (global.get $lon) (i32.shl (local.get $b) (i32.const 3))))))

  ;; The hours speedKtBetween divides by, for fixes $a and $b.
  (func $hours (param $a i32) (param $b i32) (result f64)
    (f64.div
      (f64.max
        (f64.abs
          (f64.sub
            (f64.load (i32.shl (local.get $b) (i32.const 3)))
            (f64.load (i32.shl (local.get $a) (i32.const 3)))))
        (f64.const 1000))
      (f64.const 3600000)))

  ;; Whether the speed from fix $a to fix $b is surely at most $maxKt: the bound's speed is (each
  ;; division rounds monotonically, and the bound is at least the distance speedKtBetween divides).
  (func $surelyWithin (param $a i32) (param $b i32) (param $maxKt f64) (result i32)
    (f64.le
      (f64.div
        (f64.div (call $distanceAboveOf (local.get $a) (local.get $b)) (global.get $kmPerNm))
        (call $hours (local.get $a) (local.get $b)))
      (local.get $maxKt)))

  ;; speedKtBetween(a, b) > $maxKt, asked exactly only when the bound leaves it open.
  (func $over (param $a i32) (param $b i32) (param $maxKt f64) (result i32)
    (if (result i32) (call $surelyWithin (local.get $a) (local.get $b) (local.get $maxKt))
      (then (i32.const 0))
      (else (f64.gt (call $speed (local.get $a) (local.get $b)) (local.get $maxKt)))))

  ;; speedKtBetween(a, b) <= $maxKt (false for NaN, as the comparison is), likewise.
  (func $within (param $a i32) (param $b i32) (param $maxKt f64) (result i32)
    (if (result i32) (call $surelyWithin (local.get $a) (local.get $b) (local.get $maxKt))
      (then (i32.const 1))
      (else (f64.le (call $speed (local.get $a) (local.get $b)) (local.get $maxKt)))))

  ;; distance.ts's speedKtBetween of fixes $a and $b (fix numbers).
  (func $speed (param $a i32) (param $b i32) (result f64)
    (local $hours f64)
    (local.set $hours (call $hours (local.get $a) (local.get $b)))
    (f64.div
      (f64.div
        (call $distanceKm
          (f64.load (i32.add (global.get $lat) (i32.shl (local.get $a) (i32.const 3))))
          (f64.load (i32.add (global.get $lon) (i32.shl (local.get $a) (i32.const 3))))
          (f64.load (i32.add (global.get $lat) (i32.shl (local.get $b) (i32.const 3))))
          (f64.load (i32.add (global.get $lon) (i32.shl (local.get $b) (i32.const 3)))))
        (global.get $kmPerNm))
      (local.get $hours)))

  ;; Cleans fixes 0..n-1 (in time order), as clean.ts's cleanIndexes does; the counts go to the
  ;; exported globals.
  (func (export "clean") (param $n i32) (param $dedupeMs f64) (param $dedupeKm f64) (param $maxKt f64)
    (local $unique i32)
    (local $dups i32)
    (local $kept i32)
    (local $out i32)
    (local $count i32)
    (local $k i32)
    (local $j i32)
    (local $q i32)
    (local $t f64)
    (local $la f64)
    (local $lo f64)
    (local $duplicate i32)
    (local $i i32)
    (local $prev i32)
    (local $next i32)
    (local $afterNext i32)
    (local $outlier i32)
    (global.set $lat (i32.shl (local.get $n) (i32.const 3)))
    (global.set $lon (i32.shl (local.get $n) (i32.const 4)))
    (local.set $unique (i32.mul (local.get $n) (i32.const 24)))
    (local.set $dups (i32.mul (local.get $n) (i32.const 28)))
    (local.set $kept (i32.mul (local.get $n) (i32.const 32)))
    (local.set $out (i32.mul (local.get $n) (i32.const 36)))
    (global.set $duplicates (i32.const 0))
    (global.set $fixes (i32.const 0))
    (global.set $outliers (i32.const 0))
    ;; Reports of a fix: within the time tolerance of a distinct fix kept, and within the distance.
    (local.set $count (i32.const 0))
    (local.set $k (i32.const 0))
    (block $folded
      (loop $fold
        (br_if $folded (i32.ge_s (local.get $k) (local.get $n)))
        (local.set $t (f64.load (i32.shl (local.get $k) (i32.const 3))))
        (local.set $la (f64.load (i32.add (global.get $lat) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $lo (f64.load (i32.add (global.get $lon) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $duplicate (i32.const 0))
        (local.set $j (i32.sub (local.get $count) (i32.const 1)))
        (block $scanned
          (loop $back
            (br_if $scanned (i32.lt_s (local.get $j) (i32.const 0)))
            (local.set $q (i32.load (i32.add (local.get $unique) (i32.shl (local.get $j) (i32.const 2)))))
            (br_if $scanned
              (f64.gt
                (f64.sub (local.get $t) (f64.load (i32.shl (local.get $q) (i32.const 3))))
                (local.get $dedupeMs)))
            ;; Within the distance surely by the bound, else asked exactly.
            (if (if (result i32)
                  (f64.le
                    (call $distanceAboveOf (local.get $k) (local.get $q))
                    (local.get $dedupeKm))
                  (then (i32.const 1))
                  (else
                    (f64.le
                      (call $distanceKm
                        (local.get $la)
                        (local.get $lo)
                        (f64.load (i32.add (global.get $lat) (i32.shl (local.get $q) (i32.const 3))))
                        (f64.load (i32.add (global.get $lon) (i32.shl (local.get $q) (i32.const 3)))))
                      (local.get $dedupeKm))))
              (then
                (local.set $duplicate (i32.const 1))
                (br $scanned)))
            (local.set $j (i32.sub (local.get $j) (i32.const 1)))
            (br $back)))
        (if (local.get $duplicate)
          (then
            (i32.store
              (i32.add (local.get $dups) (i32.shl (global.get $duplicates) (i32.const 2)))
              (local.get $k))
            (global.set $duplicates (i32.add (global.get $duplicates) (i32.const 1))))
          (else
            (i32.store
              (i32.add (local.get $unique) (i32.shl (local.get $count) (i32.const 2)))
              (local.get $k))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $fold)))
    ;; Outliers: too fast from the last fix kept and to the next, while those two agree; at the
    ;; ends, the one neighbour's agreement with the fix beyond it decides.
    (local.set $prev (i32.const -1))
    (local.set $i (i32.const 0))
    (block $done
      (loop $each
        (br_if $done (i32.ge_s (local.get $i) (local.get $count)))
        (local.set $k (i32.load (i32.add (local.get $unique) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $next (i32.const -1))
        (local.set $afterNext (i32.const -1))
        (if (i32.lt_s (i32.add (local.get $i) (i32.const 1)) (local.get $count))
          (then
            (local.set $next
              (i32.load offset=4 (i32.add (local.get $unique) (i32.shl (local.get $i) (i32.const 2)))))))
        (if (i32.lt_s (i32.add (local.get $i) (i32.const 2)) (local.get $count))
          (then
            (local.set $afterNext
              (i32.load offset=8 (i32.add (local.get $unique) (i32.shl (local.get $i) (i32.const 2)))))))
        (local.set $outlier (i32.const 0))
        (if (i32.and (i32.ge_s (local.get $prev) (i32.const 0)) (i32.ge_s (local.get $next) (i32.const 0)))
          (then
            (if (call $over (local.get $prev) (local.get $k) (local.get $maxKt))
              (then
                (if (call $over (local.get $k) (local.get $next) (local.get $maxKt))
                  (then
                    (local.set $outlier
                      (call $within (local.get $prev) (local.get $next) (local.get $maxKt))))))))
          (else
            (if (i32.and
                  (i32.lt_s (local.get $prev) (i32.const 0))
                  (i32.and
                    (i32.ge_s (local.get $next) (i32.const 0))
                    (i32.ge_s (local.get $afterNext) (i32.const 0))))
              (then
                (if (call $over (local.get $k) (local.get $next) (local.get $maxKt))
                  (then
                    (local.set $outlier
                      (call $within (local.get $next) (local.get $afterNext) (local.get $maxKt))))))
              (else
                (if (i32.and (i32.ge_s (local.get $prev) (i32.const 0)) (i32.lt_s (local.get $next) (i32.const 0)))
                  (then
                    (local.set $outlier
                      (call $over (local.get $prev) (local.get $k) (local.get $maxKt)))))))))
        (if (local.get $outlier)
          (then
            (i32.store
              (i32.add (local.get $out) (i32.shl (global.get $outliers) (i32.const 2)))
              (local.get $k))
            (global.set $outliers (i32.add (global.get $outliers) (i32.const 1))))
          (else
            (i32.store
              (i32.add (local.get $kept) (i32.shl (global.get $fixes) (i32.const 2)))
              (local.get $k))
            (global.set $fixes (i32.add (global.get $fixes) (i32.const 1)))
            (local.set $prev (local.get $k))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))))
