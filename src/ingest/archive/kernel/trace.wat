;; The trace reader's kernel: reads a readsb `trace_full_<hex>.json` document (decompressed) into
;; columns of its points, so that the points of a day's selected traces are not made into a
;; JavaScript string, parsed into arrays and objects and read back one by one.
;;
;; It settles only what it reads exactly as JSON.parse would: a valid JSON document whose top level
;; is an object holding a string `icao`, a number `timestamp` and an array `trace`, with every key
;; it must match (top level, details) and every string it must read (icao, r, t, a details object's
;; flight and squawk, an altitude) free of escapes and of bytes above 0x7F, and every number it must
;; read of the form -?int[.frac] of at most 18 digits that make an integer below 2^53 (that integer
;; over a power of ten is then one correctly rounded division, as JSON.parse's). Anything else
;; (invalid JSON, an exponent or a long number where it reads, an escape where it matches or reads,
;; a `trace` key given twice, nesting deeper than 64, no room left for the columns) returns 0, and
;; the JavaScript reader reads the document with JSON.parse as it always did
;; (src/ingest/archive/trace-kernel.ts): the kernel decides nothing the reader would decide
;; otherwise, it only reads the common case sooner (tests/trace-kernel.test.ts holds it to that).
;;
;; Compiled by scripts/build-kernel.ts into trace-wasm.ts; tests/fast-path.test.ts checks that the
;; compiled bytes match this source.
;;
;; Memory layout: the document at 0 (JavaScript writes it there, followed by 16 zero bytes: a
;; zero byte is never valid JSON outside a string nor inside one, so no read needs a bounds test),
;; then the points' columns from the offset JavaScript gives, room for $cap points each (100 bytes
;; a point): nine of f64, then five of i32, then two of i32 that `cover` writes.
;;   f64 0..6  the point's elements 0 to 6 (seconds after the timestamp, latitude, longitude,
;;             altitude, ground speed, track, flags); NaN where the element is missing or not a
;;             number (JSON has no NaN)
;;   f64 7, 8  written by `finish`: the fix's time (ms) and its record number
;;   i32 0     bits: 1 the point is an array, 2 its altitude is the string "ground", 4 its element
;;             8 is an object (the details), 8 (by `finish`) it is a plausible fix
;;   i32 1, 2  where the details' `flight` string starts, and its length (-1: no string flight)
;;   i32 3, 4  the same for `squawk`
;;   i32 5, 6  written by `cover`, indexed by stretch (not by point): the first and the last fix
;;             of each stretch of fixes in a box within one clock hour
(module
  (memory (export "memory") 16)

  ;; What the last `read` found at the top level. A string's place and length (-1: the key is
  ;; missing or its value is not a string); a number's value (NaN: missing or not a number).
  (global $icaoAt (export "icaoAt") (mut i32) (i32.const 0))
  (global $icaoLen (export "icaoLen") (mut i32) (i32.const -1))
  (global $rAt (export "rAt") (mut i32) (i32.const 0))
  (global $rLen (export "rLen") (mut i32) (i32.const -1))
  (global $tAt (export "tAt") (mut i32) (i32.const 0))
  (global $tLen (export "tLen") (mut i32) (i32.const -1))
  (global $timestamp (export "timestamp") (mut f64) (f64.const nan))
  (global $dbFlags (export "dbFlags") (mut f64) (f64.const nan))
  ;; The trace's points (columns written).
  (global $points (export "points") (mut i32) (i32.const 0))

  ;; The columns: how many points they hold, where the first f64 and first i32 column start, and
  ;; the bytes from one column to the next.
  (global $cap (export "cap") (mut i32) (i32.const 0))
  (global $fBase (mut i32) (i32.const 0))
  (global $iBase (mut i32) (i32.const 0))
  (global $fStride (mut i32) (i32.const 0))
  (global $iStride (mut i32) (i32.const 0))
  ;; What `finish` found: the plausible fixes' first and last times.
  (global $fromMs (export "fromMs") (mut f64) (f64.const 0))
  (global $toMs (export "toMs") (mut f64) (f64.const 0))
  ;; What `cover` found: the box the fixes inside it spanned.
  (global $west (export "west") (mut f64) (f64.const 0))
  (global $south (export "south") (mut f64) (f64.const 0))
  (global $east (export "east") (mut f64) (f64.const 0))
  (global $north (export "north") (mut f64) (f64.const 0))
  ;; Whether the `trace` key was read.
  (global $traceSeen (mut i32) (i32.const 0))
  ;; The last number read: its value, and 1 when it is exact (see the top).
  (global $num (mut f64) (f64.const 0))
  (global $exact (mut i32) (i32.const 0))
  ;; The last string read: 1 when it has no escape and no byte above 0x7F.
  (global $clean (mut i32) (i32.const 0))

  ;; The first byte at or after $at that is not JSON whitespace.
  (func $ws (param $at i32) (result i32)
    (local $b i32)
    (loop $more
      (local.set $b (i32.load8_u (local.get $at)))
      (if (i32.or
            (i32.or (i32.eq (local.get $b) (i32.const 0x20)) (i32.eq (local.get $b) (i32.const 0x0a)))
            (i32.or (i32.eq (local.get $b) (i32.const 0x0d)) (i32.eq (local.get $b) (i32.const 0x09))))
        (then
          (local.set $at (i32.add (local.get $at) (i32.const 1)))
          (br $more))))
    (local.get $at))

  (func $isHex (param $b i32) (result i32)
    (i32.or
      (i32.le_u (i32.sub (local.get $b) (i32.const 0x30)) (i32.const 9))
      (i32.le_u (i32.sub (i32.or (local.get $b) (i32.const 0x20)) (i32.const 0x61)) (i32.const 5))))

  ;; A string whose opening quote is at $at: the place after its closing quote, or -1 when it is
  ;; not a valid JSON string (a control byte, a bad escape). Sets $clean.
  (func $string (param $at i32) (result i32)
    (local $b i32)
    (global.set $clean (i32.const 1))
    (local.set $at (i32.add (local.get $at) (i32.const 1)))
    (loop $next
      (local.set $b (i32.load8_u (local.get $at)))
      (if (i32.eq (local.get $b) (i32.const 0x22))
        (then (return (i32.add (local.get $at) (i32.const 1)))))
      (if (i32.lt_u (local.get $b) (i32.const 0x20)) (then (return (i32.const -1))))
      (if (i32.ge_u (local.get $b) (i32.const 0x80)) (then (global.set $clean (i32.const 0))))
      (if (i32.eq (local.get $b) (i32.const 0x5c))
        (then
          (global.set $clean (i32.const 0))
          (local.set $at (i32.add (local.get $at) (i32.const 1)))
          (local.set $b (i32.load8_u (local.get $at)))
          (if (i32.eq (local.get $b) (i32.const 0x75))
            (then
              (if (i32.eqz
                    (i32.and
                      (i32.and
                        (call $isHex (i32.load8_u offset=1 (local.get $at)))
                        (call $isHex (i32.load8_u offset=2 (local.get $at))))
                      (i32.and
                        (call $isHex (i32.load8_u offset=3 (local.get $at)))
                        (call $isHex (i32.load8_u offset=4 (local.get $at))))))
                (then (return (i32.const -1))))
              (local.set $at (i32.add (local.get $at) (i32.const 4))))
            (else
              ;; " \ / b f n r t
              (if (i32.eqz
                    (i32.or
                      (i32.or
                        (i32.or (i32.eq (local.get $b) (i32.const 0x22)) (i32.eq (local.get $b) (i32.const 0x5c)))
                        (i32.or (i32.eq (local.get $b) (i32.const 0x2f)) (i32.eq (local.get $b) (i32.const 0x62))))
                      (i32.or
                        (i32.or (i32.eq (local.get $b) (i32.const 0x66)) (i32.eq (local.get $b) (i32.const 0x6e)))
                        (i32.or (i32.eq (local.get $b) (i32.const 0x72)) (i32.eq (local.get $b) (i32.const 0x74))))))
                (then (return (i32.const -1))))))))
      (local.set $at (i32.add (local.get $at) (i32.const 1)))
      (br $next))
    (i32.const -1))

  ;; 10^n for n from 0 to 22, exactly (each is a double).
  (func $pow10 (param $n i32) (result f64)
    (local $p f64)
    (local.set $p (f64.const 1))
    (block $done
      (loop $mul
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $p (f64.mul (local.get $p) (f64.const 10)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $mul)))
    (local.get $p))

  ;; A number starting at $at: the place after it, or -1 when it is no JSON number. Sets $num and
  ;; $exact (see the top: 0 for an exponent, more than 18 digits, 2^53 or more, or more than 22
  ;; digits after the dot).
  (func $number (param $at i32) (result i32)
    (local $b i32)
    (local $neg i32)
    (local $m i64)
    (local $digits i32)
    (local $frac i32)
    (global.set $exact (i32.const 1))
    (if (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x2d))
      (then
        (local.set $neg (i32.const 1))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))))
    (local.set $b (i32.load8_u (local.get $at)))
    (if (i32.gt_u (i32.sub (local.get $b) (i32.const 0x30)) (i32.const 9)) (then (return (i32.const -1))))
    (if (i32.eq (local.get $b) (i32.const 0x30))
      (then
        ;; A leading zero stands alone.
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (local.set $digits (i32.const 1)))
      (else
        (loop $int
          (local.set $b (i32.load8_u (local.get $at)))
          (if (i32.le_u (i32.sub (local.get $b) (i32.const 0x30)) (i32.const 9))
            (then
              (if (i32.lt_u (local.get $digits) (i32.const 19))
                (then
                  (local.set $m
                    (i64.add
                      (i64.mul (local.get $m) (i64.const 10))
                      (i64.extend_i32_u (i32.sub (local.get $b) (i32.const 0x30)))))))
              (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
              (local.set $at (i32.add (local.get $at) (i32.const 1)))
              (br $int))))))
    (if (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x2e))
      (then
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (if (i32.gt_u (i32.sub (i32.load8_u (local.get $at)) (i32.const 0x30)) (i32.const 9))
          (then (return (i32.const -1))))
        (loop $fraction
          (local.set $b (i32.load8_u (local.get $at)))
          (if (i32.le_u (i32.sub (local.get $b) (i32.const 0x30)) (i32.const 9))
            (then
              (if (i32.lt_u (local.get $digits) (i32.const 19))
                (then
                  (local.set $m
                    (i64.add
                      (i64.mul (local.get $m) (i64.const 10))
                      (i64.extend_i32_u (i32.sub (local.get $b) (i32.const 0x30)))))))
              (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
              (local.set $frac (i32.add (local.get $frac) (i32.const 1)))
              (local.set $at (i32.add (local.get $at) (i32.const 1)))
              (br $fraction))))))
    (if (i32.eq (i32.or (i32.load8_u (local.get $at)) (i32.const 0x20)) (i32.const 0x65))
      (then
        (global.set $exact (i32.const 0))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (local.set $b (i32.load8_u (local.get $at)))
        (if (i32.or (i32.eq (local.get $b) (i32.const 0x2b)) (i32.eq (local.get $b) (i32.const 0x2d)))
          (then (local.set $at (i32.add (local.get $at) (i32.const 1)))))
        (if (i32.gt_u (i32.sub (i32.load8_u (local.get $at)) (i32.const 0x30)) (i32.const 9))
          (then (return (i32.const -1))))
        (loop $exponent
          (if (i32.le_u (i32.sub (i32.load8_u (local.get $at)) (i32.const 0x30)) (i32.const 9))
            (then
              (local.set $at (i32.add (local.get $at) (i32.const 1)))
              (br $exponent))))))
    (if (i32.or
          (i32.gt_u (local.get $digits) (i32.const 18))
          (i64.ge_u (local.get $m) (i64.const 9007199254740992)))
      (then (global.set $exact (i32.const 0))))
    (global.set $num
      (f64.div (f64.convert_i64_u (local.get $m)) (call $pow10 (local.get $frac))))
    (if (local.get $neg) (then (global.set $num (f64.neg (global.get $num)))))
    (local.get $at))

  ;; (out of line: met only in values no record holds)
  ;; true, false or null at $at: the place after it, or -1.
  (func $literal (param $at i32) (result i32)
    (local $word i32)
    (local.set $word (i32.load (local.get $at)))
    ;; "true", "null" as little-endian words; "false" is "fals" then "e".
    (if (i32.or (i32.eq (local.get $word) (i32.const 0x65757274)) (i32.eq (local.get $word) (i32.const 0x6c6c756e)))
      (then (return (i32.add (local.get $at) (i32.const 4)))))
    (if (i32.and
          (i32.eq (local.get $word) (i32.const 0x736c6166))
          (i32.eq (i32.load8_u offset=4 (local.get $at)) (i32.const 0x65)))
      (then (return (i32.add (local.get $at) (i32.const 5)))))
    (i32.const -1))

  ;; (out of line: called for every value no record holds, from many places)
  ;; Any JSON value at $at (whitespace before it already passed): the place after it, or -1 when
  ;; it is not valid JSON or nests deeper than 64. Sets $num, $exact, $clean as the value's kind
  ;; does.
  (func $value (param $at i32) (param $depth i32) (result i32)
    (local $b i32)
    (local.set $b (i32.load8_u (local.get $at)))
    (if (i32.eq (local.get $b) (i32.const 0x22)) (then (return (call $string (local.get $at)))))
    (if (i32.or
          (i32.eq (local.get $b) (i32.const 0x2d))
          (i32.le_u (i32.sub (local.get $b) (i32.const 0x30)) (i32.const 9)))
      (then (return (call $number (local.get $at)))))
    (if (i32.eq (local.get $b) (i32.const 0x5b))
      (then (return (call $array (local.get $at) (local.get $depth)))))
    (if (i32.eq (local.get $b) (i32.const 0x7b))
      (then (return (call $object (local.get $at) (local.get $depth)))))
    (call $literal (local.get $at)))

  ;; (out of line: met only in values no record holds)
  ;; An array at $at, its elements any values: the place after it, or -1.
  (func $array (param $at i32) (param $depth i32) (result i32)
    (local $b i32)
    (if (i32.ge_u (local.get $depth) (i32.const 64)) (then (return (i32.const -1))))
    (local.set $at (call $ws (i32.add (local.get $at) (i32.const 1))))
    (if (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x5d))
      (then (return (i32.add (local.get $at) (i32.const 1)))))
    (loop $element
      (local.set $at (call $value (local.get $at) (i32.add (local.get $depth) (i32.const 1))))
      (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $at (call $ws (local.get $at)))
      (local.set $b (i32.load8_u (local.get $at)))
      (if (i32.eq (local.get $b) (i32.const 0x5d))
        (then (return (i32.add (local.get $at) (i32.const 1)))))
      (if (i32.ne (local.get $b) (i32.const 0x2c)) (then (return (i32.const -1))))
      (local.set $at (call $ws (i32.add (local.get $at) (i32.const 1))))
      (br $element))
    (i32.const -1))

  ;; (out of line: met only in values no record holds)
  ;; An object at $at, its members any values: the place after it, or -1.
  (func $object (param $at i32) (param $depth i32) (result i32)
    (local $b i32)
    (if (i32.ge_u (local.get $depth) (i32.const 64)) (then (return (i32.const -1))))
    (local.set $at (call $ws (i32.add (local.get $at) (i32.const 1))))
    (if (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x7d))
      (then (return (i32.add (local.get $at) (i32.const 1)))))
    (loop $member
      (local.set $at (call $key (local.get $at)))
      (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $at (call $value (local.get $at) (i32.add (local.get $depth) (i32.const 1))))
      (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $at (call $ws (local.get $at)))
      (local.set $b (i32.load8_u (local.get $at)))
      (if (i32.eq (local.get $b) (i32.const 0x7d))
        (then (return (i32.add (local.get $at) (i32.const 1)))))
      (if (i32.ne (local.get $b) (i32.const 0x2c)) (then (return (i32.const -1))))
      (local.set $at (call $ws (i32.add (local.get $at) (i32.const 1))))
      (br $member))
    (i32.const -1))

  ;; (out of line: called for every member of every object)
  ;; A member's key at $at and its colon: the place of its value (whitespace passed), or -1.
  ;; Sets $clean for the key, and $keyEnd past its closing quote.
  (global $keyEnd (mut i32) (i32.const 0))
  (func $key (param $at i32) (result i32)
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x22)) (then (return (i32.const -1))))
    (local.set $at (call $string (local.get $at)))
    (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const -1))))
    (global.set $keyEnd (local.get $at))
    (local.set $at (call $ws (local.get $at)))
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x3a)) (then (return (i32.const -1))))
    (call $ws (i32.add (local.get $at) (i32.const 1))))

  ;; Whether the key whose opening quote is at $at (a clean string, $end past its closing quote)
  ;; is $len bytes (at most 8) equal to the first $len bytes of the little-endian $word.
  (func $keyIs (param $at i32) (param $end i32) (param $len i32) (param $word i64) (result i32)
    (local $mask i64)
    (if (i32.ne (i32.sub (i32.sub (local.get $end) (local.get $at)) (i32.const 2)) (local.get $len))
      (then (return (i32.const 0))))
    (local.set $mask
      (select
        (i64.const -1)
        (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $len) (i32.const 3)))) (i64.const 1))
        (i32.ge_u (local.get $len) (i32.const 8))))
    (i64.eq
      (i64.and (i64.load offset=1 (local.get $at)) (local.get $mask))
      (local.get $word)))

  ;; A number element of a point at $at, stored at $slot: the place after it, or -1. An element
  ;; that is no number stores NaN; a number that is not exact gives up the document.
  (func $element (param $at i32) (param $slot i32) (result i32)
    (local $b i32)
    (local.set $b (i32.load8_u (local.get $at)))
    (if (i32.or
          (i32.eq (local.get $b) (i32.const 0x2d))
          (i32.le_u (i32.sub (local.get $b) (i32.const 0x30)) (i32.const 9)))
      (then
        (local.set $at (call $number (local.get $at)))
        (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const -1))))
        (if (i32.eqz (global.get $exact)) (then (return (i32.const -1))))
        (f64.store (local.get $slot) (global.get $num))
        (return (local.get $at))))
    (call $value (local.get $at) (i32.const 2)))

  ;; A point's altitude at $at: a number into its f64 column at $f (the point's first), the string
  ;; "ground" (bit 2 of its bits at $i), or anything else (NaN). The place after it, or -1.
  (func $altitude (param $at i32) (param $f i32) (param $i i32) (result i32)
    (local $end i32)
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x22))
      (then
        (return
          (call $element
            (local.get $at)
            (i32.add (local.get $f) (i32.mul (global.get $fStride) (i32.const 3)))))))
    (local.set $end (call $string (local.get $at)))
    (if (i32.lt_s (local.get $end) (i32.const 0)) (then (return (i32.const -1))))
    ;; An escape could spell "ground": JSON.parse reads such a string.
    (if (i32.eqz (global.get $clean)) (then (return (i32.const -1))))
    ;; "ground" (6 bytes)
    (if (call $keyIs (local.get $at) (local.get $end) (i32.const 6) (i64.const 0x646e756f7267))
      (then (i32.store (local.get $i) (i32.or (i32.load (local.get $i)) (i32.const 2)))))
    (local.get $end))

  ;; A details string (flight or squawk) at $at, its place stored at $atSlot and its length at
  ;; $lenSlot (-1: not a string). The place after it, or -1 (also for a string with an escape or a
  ;; byte above 0x7F: JSON.parse reads those).
  (func $detailString (param $at i32) (param $atSlot i32) (param $lenSlot i32) (result i32)
    (local $end i32)
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x22))
      (then
        (i32.store (local.get $lenSlot) (i32.const -1))
        (return (call $value (local.get $at) (i32.const 3)))))
    (local.set $end (call $string (local.get $at)))
    (if (i32.lt_s (local.get $end) (i32.const 0)) (then (return (i32.const -1))))
    (if (i32.eqz (global.get $clean)) (then (return (i32.const -1))))
    (i32.store (local.get $atSlot) (i32.add (local.get $at) (i32.const 1)))
    (i32.store (local.get $lenSlot) (i32.sub (i32.sub (local.get $end) (local.get $at)) (i32.const 2)))
    (local.get $end))

  ;; A point's details object at $at, for the point whose bits are at $i: its flight and squawk
  ;; (the last of each, as JSON.parse keeps), the other members passed over. The place after it,
  ;; or -1.
  (func $details (param $at i32) (param $i i32) (result i32)
    (local $b i32)
    (local $keyAt i32)
    (local $keyEnd i32)
    (local $s i32)
    (local.set $s (global.get $iStride))
    (i32.store (local.get $i) (i32.or (i32.load (local.get $i)) (i32.const 4)))
    (local.set $at (call $ws (i32.add (local.get $at) (i32.const 1))))
    (if (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x7d))
      (then (return (i32.add (local.get $at) (i32.const 1)))))
    (loop $member
      (local.set $keyAt (local.get $at))
      (local.set $at (call $key (local.get $at)))
      (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $keyEnd (global.get $keyEnd))
      ;; A key with an escape could spell flight or squawk: JSON.parse reads such a key.
      (if (i32.eqz (global.get $clean)) (then (return (i32.const -1))))
      (block $read
        ;; "flight" (6 bytes), "squawk" (6 bytes)
        (if (call $keyIs (local.get $keyAt) (local.get $keyEnd) (i32.const 6) (i64.const 0x746867696c66))
          (then
            (local.set $at
              (call $detailString
                (local.get $at)
                (i32.add (local.get $i) (local.get $s))
                (i32.add (local.get $i) (i32.shl (local.get $s) (i32.const 1)))))
            (br $read)))
        (if (call $keyIs (local.get $keyAt) (local.get $keyEnd) (i32.const 6) (i64.const 0x6b7761757173))
          (then
            (local.set $at
              (call $detailString
                (local.get $at)
                (i32.add (local.get $i) (i32.mul (local.get $s) (i32.const 3)))
                (i32.add (local.get $i) (i32.shl (local.get $s) (i32.const 2)))))
            (br $read)))
        (local.set $at (call $value (local.get $at) (i32.const 3))))
      (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $at (call $ws (local.get $at)))
      (local.set $b (i32.load8_u (local.get $at)))
      (if (i32.eq (local.get $b) (i32.const 0x7d))
        (then (return (i32.add (local.get $at) (i32.const 1)))))
      (if (i32.ne (local.get $b) (i32.const 0x2c)) (then (return (i32.const -1))))
      (local.set $at (call $ws (i32.add (local.get $at) (i32.const 1))))
      (br $member))
    (i32.const -1))

  ;; One point at $at (whitespace passed) into the columns: the place after it, or -1 (also when
  ;; the columns are full).
  (func $point (param $at i32) (result i32)
    (local $f i32)
    (local $i i32)
    (local $s i32)
    (local $k i32)
    (local $b i32)
    (if (i32.ge_u (global.get $points) (global.get $cap)) (then (return (i32.const -1))))
    (local.set $f (i32.add (global.get $fBase) (i32.shl (global.get $points) (i32.const 3))))
    (local.set $i (i32.add (global.get $iBase) (i32.shl (global.get $points) (i32.const 2))))
    (global.set $points (i32.add (global.get $points) (i32.const 1)))
    (local.set $s (global.get $fStride))
    (f64.store (local.get $f) (f64.const nan))
    (f64.store (i32.add (local.get $f) (local.get $s)) (f64.const nan))
    (f64.store (i32.add (local.get $f) (i32.mul (local.get $s) (i32.const 2))) (f64.const nan))
    (f64.store (i32.add (local.get $f) (i32.mul (local.get $s) (i32.const 3))) (f64.const nan))
    (f64.store (i32.add (local.get $f) (i32.mul (local.get $s) (i32.const 4))) (f64.const nan))
    (f64.store (i32.add (local.get $f) (i32.mul (local.get $s) (i32.const 5))) (f64.const nan))
    (f64.store (i32.add (local.get $f) (i32.mul (local.get $s) (i32.const 6))) (f64.const nan))
    (i32.store (local.get $i) (i32.const 0))
    (i32.store (i32.add (local.get $i) (i32.shl (global.get $iStride) (i32.const 1))) (i32.const -1))
    (i32.store (i32.add (local.get $i) (i32.shl (global.get $iStride) (i32.const 2))) (i32.const -1))
    ;; Not an array: a malformed point, passed over.
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x5b))
      (then (return (call $value (local.get $at) (i32.const 2)))))
    (i32.store (local.get $i) (i32.const 1))
    (local.set $at (call $ws (i32.add (local.get $at) (i32.const 1))))
    (if (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x5d))
      (then (return (i32.add (local.get $at) (i32.const 1)))))
    (loop $element
      (if (i32.eq (local.get $k) (i32.const 3))
        (then (local.set $at (call $altitude (local.get $at) (local.get $f) (local.get $i))))
        (else
          (if (i32.lt_u (local.get $k) (i32.const 7))
            (then
              (local.set $at
                (call $element
                  (local.get $at)
                  (i32.add (local.get $f) (i32.mul (local.get $s) (local.get $k))))))
            (else
              (if (i32.and
                    (i32.eq (local.get $k) (i32.const 8))
                    (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x7b)))
                (then (local.set $at (call $details (local.get $at) (local.get $i))))
                (else (local.set $at (call $value (local.get $at) (i32.const 2)))))))))
      (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $at (call $ws (local.get $at)))
      (local.set $b (i32.load8_u (local.get $at)))
      (if (i32.eq (local.get $b) (i32.const 0x5d))
        (then (return (i32.add (local.get $at) (i32.const 1)))))
      (if (i32.ne (local.get $b) (i32.const 0x2c)) (then (return (i32.const -1))))
      (local.set $at (call $ws (i32.add (local.get $at) (i32.const 1))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $element))
    (i32.const -1))

  ;; The trace array at $at: its points into the columns. The place after it, or -1.
  (func $trace (param $at i32) (result i32)
    (local $b i32)
    (local.set $at (call $ws (i32.add (local.get $at) (i32.const 1))))
    (if (i32.eq (i32.load8_u (local.get $at)) (i32.const 0x5d))
      (then (return (i32.add (local.get $at) (i32.const 1)))))
    (loop $point
      (local.set $at (call $point (local.get $at)))
      (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $at (call $ws (local.get $at)))
      (local.set $b (i32.load8_u (local.get $at)))
      (if (i32.eq (local.get $b) (i32.const 0x5d))
        (then (return (i32.add (local.get $at) (i32.const 1)))))
      (if (i32.ne (local.get $b) (i32.const 0x2c)) (then (return (i32.const -1))))
      (local.set $at (call $ws (i32.add (local.get $at) (i32.const 1))))
      (br $point))
    (i32.const -1))

  ;; A top-level value of a string key (icao, r, t) at $at: the place after it, or -1 (also for a
  ;; string with an escape or a byte above 0x7F). Leaves the string's start in $strAt and its length
  ;; in $strLen (-1: the value is no string), for the caller to keep.
  (global $strAt (mut i32) (i32.const 0))
  (global $strLen (mut i32) (i32.const -1))
  (func $topString (param $at i32) (result i32)
    (local $end i32)
    (global.set $strLen (i32.const -1))
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x22))
      (then (return (call $value (local.get $at) (i32.const 1)))))
    (local.set $end (call $string (local.get $at)))
    (if (i32.lt_s (local.get $end) (i32.const 0)) (then (return (i32.const -1))))
    (if (i32.eqz (global.get $clean)) (then (return (i32.const -1))))
    (global.set $strAt (i32.add (local.get $at) (i32.const 1)))
    (global.set $strLen (i32.sub (i32.sub (local.get $end) (local.get $at)) (i32.const 2)))
    (local.get $end))

  ;; A top-level number value (timestamp, dbFlags) at $at: the place after it, or -1 (also for a
  ;; number that is not exact). Leaves its value in $num (NaN: not a number).
  (func $topNumber (param $at i32) (result i32)
    (local $b i32)
    (local.set $b (i32.load8_u (local.get $at)))
    (if (i32.or
          (i32.eq (local.get $b) (i32.const 0x2d))
          (i32.le_u (i32.sub (local.get $b) (i32.const 0x30)) (i32.const 9)))
      (then
        (local.set $at (call $number (local.get $at)))
        (if (i32.eqz (global.get $exact)) (then (return (i32.const -1))))
        (return (local.get $at))))
    (local.set $at (call $value (local.get $at) (i32.const 1)))
    ;; After the value: a number inside it (an array, an object) must not pass for it.
    (global.set $num (f64.const nan))
    (local.get $at))

  ;; Reads the document of $len bytes at 0, its points into columns between $out (a multiple of 8)
  ;; and $outEnd: 1 when it is settled (a trace document read exactly: see the top), else 0.
  (func (export "read") (param $len i32) (param $out i32) (param $outEnd i32) (result i32)
    (local $at i32)
    (local $keyAt i32)
    (local $keyEnd i32)
    (local $b i32)
    (global.set $cap (i32.div_u (i32.sub (local.get $outEnd) (local.get $out)) (i32.const 100)))
    (global.set $fStride (i32.shl (global.get $cap) (i32.const 3)))
    (global.set $iStride (i32.shl (global.get $cap) (i32.const 2)))
    (global.set $fBase (local.get $out))
    (global.set $iBase (i32.add (local.get $out) (i32.mul (global.get $fStride) (i32.const 9))))
    (global.set $points (i32.const 0))
    (global.set $traceSeen (i32.const 0))
    (global.set $icaoLen (i32.const -1))
    (global.set $rLen (i32.const -1))
    (global.set $tLen (i32.const -1))
    (global.set $timestamp (f64.const nan))
    (global.set $dbFlags (f64.const nan))
    (local.set $at (call $ws (i32.const 0)))
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x7b)) (then (return (i32.const 0))))
    (local.set $at (call $ws (i32.add (local.get $at) (i32.const 1))))
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x7d))
      (then
        (loop $member
          (local.set $keyAt (local.get $at))
          (local.set $at (call $key (local.get $at)))
          (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const 0))))
          (local.set $keyEnd (global.get $keyEnd))
          ;; A key with an escape could spell one of those read here.
          (if (i32.eqz (global.get $clean)) (then (return (i32.const 0))))
          (block $read
            ;; "icao"
            (if (call $keyIs (local.get $keyAt) (local.get $keyEnd) (i32.const 4) (i64.const 0x6f616369))
              (then
                (local.set $at (call $topString (local.get $at)))
                (global.set $icaoAt (global.get $strAt))
                (global.set $icaoLen (global.get $strLen))
                (br $read)))
            ;; "r"
            (if (call $keyIs (local.get $keyAt) (local.get $keyEnd) (i32.const 1) (i64.const 0x72))
              (then
                (local.set $at (call $topString (local.get $at)))
                (global.set $rAt (global.get $strAt))
                (global.set $rLen (global.get $strLen))
                (br $read)))
            ;; "t"
            (if (call $keyIs (local.get $keyAt) (local.get $keyEnd) (i32.const 1) (i64.const 0x74))
              (then
                (local.set $at (call $topString (local.get $at)))
                (global.set $tAt (global.get $strAt))
                (global.set $tLen (global.get $strLen))
                (br $read)))
            ;; "timestamp" (9 bytes: the first 8, then "p")
            (if (i32.and
                  (call $keyIs (local.get $keyAt) (i32.sub (local.get $keyEnd) (i32.const 1)) (i32.const 8) (i64.const 0x6d617473656d6974))
                  (i32.eq (i32.load8_u offset=9 (local.get $keyAt)) (i32.const 0x70)))
              (then
                (local.set $at (call $topNumber (local.get $at)))
                (global.set $timestamp (global.get $num))
                (br $read)))
            ;; "dbFlags" (7 bytes)
            (if (call $keyIs (local.get $keyAt) (local.get $keyEnd) (i32.const 7) (i64.const 0x7367616c466264))
              (then
                (local.set $at (call $topNumber (local.get $at)))
                (global.set $dbFlags (global.get $num))
                (br $read)))
            ;; "trace" (5 bytes): read once; a second would replace the first's points.
            (if (call $keyIs (local.get $keyAt) (local.get $keyEnd) (i32.const 5) (i64.const 0x6563617274))
              (then
                (if (global.get $traceSeen) (then (return (i32.const 0))))
                (global.set $traceSeen (i32.const 1))
                ;; Only an array is a trace; anything else leaves the document to JSON.parse.
                (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x5b)) (then (return (i32.const 0))))
                (local.set $at (call $trace (local.get $at)))
                (br $read)))
            (local.set $at (call $value (local.get $at) (i32.const 1))))
          (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (i32.const 0))))
          (local.set $at (call $ws (local.get $at)))
          (local.set $b (i32.load8_u (local.get $at)))
          (if (i32.eq (local.get $b) (i32.const 0x2c))
            (then
              (local.set $at (call $ws (i32.add (local.get $at) (i32.const 1))))
              (br $member)))
          (if (i32.ne (local.get $b) (i32.const 0x7d)) (then (return (i32.const 0)))))))
    ;; Only whitespace may follow the document.
    (local.set $at (call $ws (i32.add (local.get $at) (i32.const 1))))
    (if (i32.ne (local.get $at) (local.get $len)) (then (return (i32.const 0))))
    (i32.and
      (i32.and (global.get $traceSeen) (i32.ge_s (global.get $icaoLen) (i32.const 0)))
      (f64.eq (global.get $timestamp) (global.get $timestamp))))
  ;; (out of line: once per document)
  ;; x rounded as JavaScript's Math.round: halves up. Exact: x - floor(x) is.
  (func $round (param $x f64) (result f64)
    (local $f f64)
    (local.set $f (f64.floor (local.get $x)))
    (select
      (f64.add (local.get $f) (f64.const 1))
      (local.get $f)
      (f64.ge (f64.sub (local.get $x) (local.get $f)) (f64.const 0.5))))

  ;; After a settled `read`: each point's time in ms (Math.round((timestamp + seconds) x 1000)), its
  ;; record number (after $lineOffset), its altitude 0 when on the ground, and bit 8 where it is a
  ;; plausible fix: an array point with a time, a latitude and a longitude, the position a fix
  ;; (within +-90 and +-180, not 0,0), the time from $earliestMs and before $latestMs, the altitude
  ;; missing or within [$lowestFt, $highestFt] (the bounds of src/ingest/plausible.ts). Returns how
  ;; many there are, their first and last times in $fromMs and $toMs.
  (func (export "finish")
    (param $lineOffset f64) (param $earliestMs f64) (param $latestMs f64)
    (param $lowestFt f64) (param $highestFt f64)
    (result i32)
    (local $k i32)
    (local $f i32)
    (local $i i32)
    (local $s i32)
    (local $bits i32)
    (local $fixes i32)
    (local $time f64)
    (local $lat f64)
    (local $lon f64)
    (local $alt f64)
    (local.set $s (global.get $fStride))
    (global.set $fromMs (f64.const inf))
    (global.set $toMs (f64.const -inf))
    (block $done
      (loop $point
        (br_if $done (i32.ge_u (local.get $k) (global.get $points)))
        (local.set $f (i32.add (global.get $fBase) (i32.shl (local.get $k) (i32.const 3))))
        (local.set $i (i32.add (global.get $iBase) (i32.shl (local.get $k) (i32.const 2))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (f64.store (i32.add (local.get $f) (i32.shl (local.get $s) (i32.const 3)))
          (f64.add (local.get $lineOffset) (f64.convert_i32_u (local.get $k))))
        (local.set $bits (i32.load (local.get $i)))
        (if (i32.and (local.get $bits) (i32.const 2))
          (then (f64.store (i32.add (local.get $f) (i32.mul (local.get $s) (i32.const 3))) (f64.const 0))))
        (local.set $time
          (call $round
            (f64.mul
              (f64.add (global.get $timestamp) (f64.load (local.get $f)))
              (f64.const 1000))))
        (f64.store (i32.add (local.get $f) (i32.mul (local.get $s) (i32.const 7))) (local.get $time))
        (local.set $lat (f64.load (i32.add (local.get $f) (local.get $s))))
        (local.set $lon (f64.load (i32.add (local.get $f) (i32.shl (local.get $s) (i32.const 1)))))
        (local.set $alt (f64.load (i32.add (local.get $f) (i32.mul (local.get $s) (i32.const 3)))))
        ;; Every comparison with a NaN is false: a missing time, latitude or longitude fails here.
        (if (i32.and
              (i32.and
                (i32.and (local.get $bits) (i32.const 1))
                (i32.and
                  (i32.and (f64.ge (local.get $lat) (f64.const -90)) (f64.le (local.get $lat) (f64.const 90)))
                  (i32.and (f64.ge (local.get $lon) (f64.const -180)) (f64.le (local.get $lon) (f64.const 180)))))
              (i32.and
                (i32.and
                  (i32.or (f64.ne (local.get $lat) (f64.const 0)) (f64.ne (local.get $lon) (f64.const 0)))
                  (i32.and
                    (f64.ge (local.get $time) (local.get $earliestMs))
                    (f64.lt (local.get $time) (local.get $latestMs))))
                (i32.or
                  (f64.ne (local.get $alt) (local.get $alt))
                  (i32.and
                    (f64.ge (local.get $alt) (local.get $lowestFt))
                    (f64.le (local.get $alt) (local.get $highestFt))))))
          (then
            (i32.store (local.get $i) (i32.or (local.get $bits) (i32.const 8)))
            (local.set $fixes (i32.add (local.get $fixes) (i32.const 1)))
            (if (f64.lt (local.get $time) (global.get $fromMs)) (then (global.set $fromMs (local.get $time))))
            (if (f64.gt (local.get $time) (global.get $toMs)) (then (global.set $toMs (local.get $time))))))
        (br $point)))
    (local.get $fixes))

  ;; After `finish`: the plausible fixes inside the box [$w, $e] x [$s, $n] (as a coverage
  ;; collector tests its box), by stretches of consecutive such fixes in one clock hour (the hour
  ;; of time / 3,600,000, floored): for each, the index of its earliest fix (the first of equal
  ;; times) in i32 column 5 and of its latest (the last of equal times) in column 6. A collector
  ;; given only those two of each stretch, in order, ends with the hours, first and last reports
  ;; it would have from every fix (and the box they spanned, left in $west, $south, $east,
  ;; $north). Returns how many stretches there are.
  (func (export "cover") (param $w f64) (param $s f64) (param $e f64) (param $n f64) (result i32)
    (local $k i32)
    (local $f i32)
    (local $fs i32)
    (local $stretches i32)
    (local $first i32)
    (local $last i32)
    (local $firstTime f64)
    (local $lastTime f64)
    (local $hour f64)
    (local $time f64)
    (local $lat f64)
    (local $lon f64)
    (local.set $fs (global.get $fStride))
    (local.set $hour (f64.const nan))
    (global.set $west (f64.const inf))
    (global.set $south (f64.const inf))
    (global.set $east (f64.const -inf))
    (global.set $north (f64.const -inf))
    (block $done
      (loop $point
        (br_if $done (i32.ge_u (local.get $k) (global.get $points)))
        (block $next
          (br_if $next
            (i32.eqz
              (i32.and
                (i32.load (i32.add (global.get $iBase) (i32.shl (local.get $k) (i32.const 2))))
                (i32.const 8))))
          (local.set $f (i32.add (global.get $fBase) (i32.shl (local.get $k) (i32.const 3))))
          (local.set $lat (f64.load (i32.add (local.get $f) (local.get $fs))))
          (local.set $lon (f64.load (i32.add (local.get $f) (i32.shl (local.get $fs) (i32.const 1)))))
          (br_if $next
            (i32.or
              (i32.or (f64.lt (local.get $lon) (local.get $w)) (f64.gt (local.get $lon) (local.get $e)))
              (i32.or (f64.lt (local.get $lat) (local.get $s)) (f64.gt (local.get $lat) (local.get $n)))))
          (if (f64.lt (local.get $lon) (global.get $west)) (then (global.set $west (local.get $lon))))
          (if (f64.lt (local.get $lat) (global.get $south)) (then (global.set $south (local.get $lat))))
          (if (f64.gt (local.get $lon) (global.get $east)) (then (global.set $east (local.get $lon))))
          (if (f64.gt (local.get $lat) (global.get $north)) (then (global.set $north (local.get $lat))))
          (local.set $time (f64.load (i32.add (local.get $f) (i32.mul (local.get $fs) (i32.const 7)))))
          (if (f64.ne (f64.floor (f64.div (local.get $time) (f64.const 3600000))) (local.get $hour))
            (then
              (if (f64.eq (local.get $hour) (local.get $hour))
                (then
                  (call $stretch (local.get $stretches) (local.get $first) (local.get $last))
                  (local.set $stretches (i32.add (local.get $stretches) (i32.const 1)))))
              (local.set $hour (f64.floor (f64.div (local.get $time) (f64.const 3600000))))
              (local.set $first (local.get $k))
              (local.set $last (local.get $k))
              (local.set $firstTime (local.get $time))
              (local.set $lastTime (local.get $time))
              (br $next)))
          (if (f64.lt (local.get $time) (local.get $firstTime))
            (then
              (local.set $first (local.get $k))
              (local.set $firstTime (local.get $time))))
          (if (f64.ge (local.get $time) (local.get $lastTime))
            (then
              (local.set $last (local.get $k))
              (local.set $lastTime (local.get $time)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $point)))
    (if (f64.eq (local.get $hour) (local.get $hour))
      (then
        (call $stretch (local.get $stretches) (local.get $first) (local.get $last))
        (local.set $stretches (i32.add (local.get $stretches) (i32.const 1)))))
    (local.get $stretches))

  ;; Stretch $j's first and last fix, into i32 columns 5 and 6.
  (func $stretch (param $j i32) (param $first i32) (param $last i32)
    (local $at i32)
    (local.set $at
      (i32.add
        (i32.add (global.get $iBase) (i32.shl (local.get $j) (i32.const 2)))
        (i32.mul (global.get $iStride) (i32.const 5))))
    (i32.store (local.get $at) (local.get $first))
    (i32.store (i32.add (local.get $at) (global.get $iStride)) (local.get $last)))
)
