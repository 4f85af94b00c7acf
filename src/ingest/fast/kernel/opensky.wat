;; The OpenSky fast-path kernel: walks CSV lines 32 bytes at a time with SIMD, finds each line's end
;; and commas, and decides from the bytes of a row what the general reader (src/ingest/formats/
;; opensky.ts) would do with it. Plain used rows are only counted; every other row becomes an event
;; that the JavaScript side (opensky-scanner.ts) settles, with the general parser where needed.
;;
;; Compiled by scripts/build-kernel.ts into opensky-wasm.ts; tests/fast-kernel.test.ts checks that
;; the compiled bytes match this source.
;;
;; Memory layout (fixed offsets, shared with opensky-kernel.ts):
;;   0x000000  watch bitmap, 2 MiB: one bit per 24-bit address; rows of these aircraft are events
;;   0x200000  seen bitmap, 2 MiB: addresses of the rows counted here
;;   0x400000  events: 4096 x [line start, line end, line number, code] (i32 each)
;;   0x410000  field bounds of the current line (66 x i32): slot 0 holds the line start - 1,
;;             slot i the i-th comma, the slot after the last comma the line end; so field k
;;             runs from slot[k] + 1 to slot[k + 1]
;;   0x420000  data: the bytes to scan, written by the JavaScript side
(module
  (memory (export "memory") 128)

  ;; Layout of the file (column indices), set before scanning.
  (global $width (export "width") (mut i32) (i32.const 0))
  (global $iTime (export "iTime") (mut i32) (i32.const 0))
  (global $iHex (export "iHex") (mut i32) (i32.const 0))
  (global $iLat (export "iLat") (mut i32) (i32.const 0))
  (global $iLon (export "iLon") (mut i32) (i32.const 0))
  (global $iLast (export "iLast") (mut i32) (i32.const -1))
  ;; Running state, read and reset by the JavaScript side.
  (global $lineNo (export "lineNo") (mut i32) (i32.const 0))
  (global $used (export "used") (mut i32) (i32.const 0))
  (global $minTime (export "minTime") (mut f64) (f64.const inf))
  (global $maxTime (export "maxTime") (mut f64) (f64.const -inf))
  (global $events (export "events") (mut i32) (i32.const 0))
  ;; Second result of $decimal: 0 missing, 1 a number, 2 irregular.
  (global $cls (mut i32) (i32.const 0))

  ;; Event codes (opensky-kernel.ts has the same table).
  ;;   1 wrong number of fields, 2 bad time, 3 stale, 4 no position, 5 bad position,
  ;;   6 watched aircraft, 7 irregular (the general parser decides), 8 holds a quote.

  (func $emit (param $s i32) (param $e i32) (param $code i32)
    (local $at i32)
    (local.set $at
      (i32.add (i32.const 0x400000) (i32.shl (global.get $events) (i32.const 4))))
    (i32.store (local.get $at) (local.get $s))
    (i32.store offset=4 (local.get $at) (local.get $e))
    (i32.store offset=8 (local.get $at) (global.get $lineNo))
    (i32.store offset=12 (local.get $at) (local.get $code))
    (global.set $events (i32.add (global.get $events) (i32.const 1))))

  ;; Exactly the three bytes "NaN".
  (func $isNaN (param $a i32) (param $b i32) (result i32)
    (i32.and
      (i32.eq (i32.sub (local.get $b) (local.get $a)) (i32.const 3))
      (i32.and
        (i32.eq (i32.load16_u (local.get $a)) (i32.const 0x614e))
        (i32.eq (i32.load8_u offset=2 (local.get $a)) (i32.const 0x4e)))))

  ;; The parsers below take a field index k; the field runs from slot[k] + 1 to slot[k + 1].

  ;; Six hex digits (either case) as a 24-bit address, else -1.
  (func $hex (param $k i32) (result i32)
    (local $v i32)
    (local $c i32)
    (local $a i32)
    (local $b i32)
    (local.set $a
      (i32.add (i32.load offset=0x410000 (i32.shl (local.get $k) (i32.const 2))) (i32.const 1)))
    (local.set $b (i32.load offset=0x410004 (i32.shl (local.get $k) (i32.const 2))))
    (if (i32.ne (i32.sub (local.get $b) (local.get $a)) (i32.const 6))
      (then (return (i32.const -1))))
    (loop $next
      (local.set $c (i32.load8_u (local.get $a)))
      (if (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))
        (then (local.set $c (i32.sub (local.get $c) (i32.const 48))))
        (else
          ;; Setting bit 5 maps A-F onto a-f and nothing else onto a-f.
          (local.set $c (i32.sub (i32.or (local.get $c) (i32.const 0x20)) (i32.const 97)))
          (if (i32.gt_u (local.get $c) (i32.const 5)) (then (return (i32.const -1))))
          (local.set $c (i32.add (local.get $c) (i32.const 10)))))
      (local.set $v (i32.or (i32.shl (local.get $v) (i32.const 4)) (local.get $c)))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $a) (local.get $b))))
    (local.get $v))

  ;; 1 to 15 decimal digits as their value, else -1.
  (func $integer (param $k i32) (result f64)
    (local $v i64)
    (local $c i32)
    (local $a i32)
    (local $b i32)
    (local.set $a
      (i32.add (i32.load offset=0x410000 (i32.shl (local.get $k) (i32.const 2))) (i32.const 1)))
    (local.set $b (i32.load offset=0x410004 (i32.shl (local.get $k) (i32.const 2))))
    (if (i32.or
          (i32.eq (local.get $a) (local.get $b))
          (i32.gt_u (i32.sub (local.get $b) (local.get $a)) (i32.const 15)))
      (then (return (f64.const -1))))
    (loop $next
      (local.set $c (i32.sub (i32.load8_u (local.get $a)) (i32.const 48)))
      (if (i32.gt_u (local.get $c) (i32.const 9)) (then (return (f64.const -1))))
      (local.set $v
        (i64.add (i64.mul (local.get $v) (i64.const 10)) (i64.extend_i32_u (local.get $c))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $a) (local.get $b))))
    (f64.convert_i64_u (local.get $v)))

  ;; A plain decimal (digits, optionally a dot and digits) as Number() reads it: exact when all its
  ;; digits make an integer below 2^53 and at most 22 are after the dot (M / 10^k is then correctly
  ;; rounded). Sets $cls: 0 missing (empty or "NaN", which parseNumber reads as missing),
  ;; 1 a number, 2 anything else.
  (func $decimal (param $k i32) (result f64)
    (local $m i64)
    (local $c i32)
    (local $digits i32)
    (local $frac i32)
    (local $pow f64)
    (local $a i32)
    (local $b i32)
    (local.set $a
      (i32.add (i32.load offset=0x410000 (i32.shl (local.get $k) (i32.const 2))) (i32.const 1)))
    (local.set $b (i32.load offset=0x410004 (i32.shl (local.get $k) (i32.const 2))))
    (global.set $cls (i32.const 0))
    (if (i32.eq (local.get $a) (local.get $b)) (then (return (f64.const 0))))
    ;; Only a field starting with N can be "NaN".
    (if (i32.eq (i32.load8_u (local.get $a)) (i32.const 78))
      (then (if (call $isNaN (local.get $a) (local.get $b)) (then (return (f64.const 0))))))
    (global.set $cls (i32.const 2))
    (if (i32.gt_u (i32.sub (local.get $b) (local.get $a)) (i32.const 19))
      (then (return (f64.const 0))))
    (block $done
      (loop $int
        (br_if $done (i32.ge_u (local.get $a) (local.get $b)))
        (local.set $c (i32.sub (i32.load8_u (local.get $a)) (i32.const 48)))
        (br_if $done (i32.gt_u (local.get $c) (i32.const 9)))
        (local.set $m
          (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (local.get $c))))
        (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $int)))
    (if (i32.eqz (local.get $digits)) (then (return (f64.const 0))))
    (if (i32.lt_u (local.get $a) (local.get $b))
      (then
        (if (i32.ne (i32.load8_u (local.get $a)) (i32.const 46)) (then (return (f64.const 0))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (block $fdone
          (loop $fraction
            (br_if $fdone (i32.ge_u (local.get $a) (local.get $b)))
            (local.set $c (i32.sub (i32.load8_u (local.get $a)) (i32.const 48)))
            (if (i32.gt_u (local.get $c) (i32.const 9)) (then (return (f64.const 0))))
            (local.set $m
              (i64.add (i64.mul (local.get $m) (i64.const 10)) (i64.extend_i32_u (local.get $c))))
            (local.set $frac (i32.add (local.get $frac) (i32.const 1)))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $fraction)))))
    ;; At most 18 digits (the length check above), so $m has not wrapped.
    (if (i64.ge_u (local.get $m) (i64.const 9007199254740992)) (then (return (f64.const 0))))
    (local.set $pow (f64.const 1))
    (block $pdone
      (loop $p10
        (br_if $pdone (i32.eqz (local.get $frac)))
        (local.set $pow (f64.mul (local.get $pow) (f64.const 10)))
        (local.set $frac (i32.sub (local.get $frac) (i32.const 1)))
        (br $p10)))
    (global.set $cls (i32.const 1))
    (f64.div (f64.convert_i64_u (local.get $m)) (local.get $pow)))

  ;; A latitude (limit 90) or longitude (limit 180) field, for checkLatLon: 0 missing (empty or
  ;; "NaN"), 1 in range and not zero, 2 zero, 3 out of range, 4 irregular (not [-]digits[.digits],
  ;; longer than 32 bytes, or exactly at the limit, where only the exact value tells). The form is
  ;; checked on 32 bytes at once: every byte a digit but a leading minus and at most one dot.
  (func $coord (param $k i32) (param $limit i32) (result i32)
    (local $a i32)
    (local $b i32)
    (local $len i32)
    (local $v0 v128)
    (local $v1 v128)
    (local $digit i32)
    (local $zero i32)
    (local $valid i32)
    (local $rest i32)
    (local $minus i32)
    (local $intEnd i32)
    (local $ip i32)
    (local.set $a
      (i32.add (i32.load offset=0x410000 (i32.shl (local.get $k) (i32.const 2))) (i32.const 1)))
    (local.set $b (i32.load offset=0x410004 (i32.shl (local.get $k) (i32.const 2))))
    (local.set $len (i32.sub (local.get $b) (local.get $a)))
    (if (i32.eqz (local.get $len)) (then (return (i32.const 0))))
    ;; Only a field starting with N can be "NaN".
    (if (i32.eq (i32.load8_u (local.get $a)) (i32.const 78))
      (then (if (call $isNaN (local.get $a) (local.get $b)) (then (return (i32.const 0))))))
    (if (i32.gt_u (local.get $len) (i32.const 32)) (then (return (i32.const 4))))
    (local.set $v0 (v128.load (local.get $a)))
    (local.set $v1 (v128.load offset=16 (local.get $a)))
    (local.set $valid
      (i32.sub (i32.shl (i32.const 1) (local.get $len)) (i32.const 1)))
    (if (i32.eq (local.get $len) (i32.const 32)) (then (local.set $valid (i32.const -1))))
    (local.set $digit
      (i32.and
        (local.get $valid)
        (i32.or
          (i8x16.bitmask
            (i8x16.le_u (i8x16.sub (local.get $v0) (i8x16.splat (i32.const 48))) (i8x16.splat (i32.const 9))))
          (i32.shl
            (i8x16.bitmask
              (i8x16.le_u (i8x16.sub (local.get $v1) (i8x16.splat (i32.const 48))) (i8x16.splat (i32.const 9))))
            (i32.const 16)))))
    (local.set $zero
      (i32.or
        (i8x16.bitmask (i8x16.eq (local.get $v0) (i8x16.splat (i32.const 48))))
        (i32.shl (i8x16.bitmask (i8x16.eq (local.get $v1) (i8x16.splat (i32.const 48)))) (i32.const 16))))
    (local.set $minus (i32.eq (i32.load8_u (local.get $a)) (i32.const 45)))
    ;; The bytes that are not digits, but for a leading minus: none, or one dot.
    (local.set $rest
      (i32.and
        (i32.and (local.get $valid) (i32.xor (local.get $digit) (i32.const -1)))
        (i32.xor (local.get $minus) (i32.const -1))))
    (if (i32.and (local.get $rest) (i32.sub (local.get $rest) (i32.const 1)))
      (then (return (i32.const 4))))
    (local.set $intEnd (local.get $len))
    (if (local.get $rest)
      (then
        (local.set $intEnd (i32.ctz (local.get $rest)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $intEnd))) (i32.const 46))
          (then (return (i32.const 4))))))
    (if (i32.le_u (local.get $intEnd) (local.get $minus)) (then (return (i32.const 4))))
    ;; The integer part, capped: past 100000 it is out of range whatever follows.
    (local.set $b (i32.add (local.get $a) (local.get $intEnd)))
    (local.set $a (i32.add (local.get $a) (local.get $minus)))
    (loop $int
      (if (i32.lt_u (local.get $ip) (i32.const 100000))
        (then
          (local.set $ip
            (i32.add
              (i32.mul (local.get $ip) (i32.const 10))
              (i32.sub (i32.load8_u (local.get $a)) (i32.const 48))))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (br_if $int (i32.lt_u (local.get $a) (local.get $b))))
    (if (i32.gt_u (local.get $ip) (local.get $limit)) (then (return (i32.const 3))))
    (if (i32.eq (local.get $ip) (local.get $limit)) (then (return (i32.const 4))))
    (if (i32.eqz (i32.and (local.get $digit) (i32.xor (local.get $zero) (i32.const -1))))
      (then (return (i32.const 2))))
    (i32.const 1))

  ;; Decides one line with n commas (its field bounds recorded); returns an event code, or 0 when
  ;; the row is used and was counted.
  (func $row (param $n i32) (result i32)
    (local $addr i32)
    (local $time f64)
    (local $last f64)
    (local $lat i32)
    (local $lon i32)
    (local $k i32)
    (if (i32.ne (local.get $n) (i32.sub (global.get $width) (i32.const 1)))
      (then (return (i32.const 1))))
    (local.set $addr (call $hex (global.get $iHex)))
    (if (i32.lt_s (local.get $addr) (i32.const 0)) (then (return (i32.const 7))))
    (local.set $time (call $integer (global.get $iTime)))
    (if (f64.lt (local.get $time) (f64.const 0)) (then (return (i32.const 7))))
    (if (i32.or
          (f64.lt (local.get $time) (f64.const 631152000))
          (f64.gt (local.get $time) (f64.const 4102444800)))
      (then (return (i32.const 2))))
    (local.set $k (global.get $iLast))
    (if (i32.ge_s (local.get $k) (i32.const 0))
      (then
        (local.set $last (call $decimal (local.get $k)))
        (if (i32.eq (global.get $cls) (i32.const 2)) (then (return (i32.const 7))))
        (if (i32.and
              (i32.eq (global.get $cls) (i32.const 1))
              (f64.gt (f64.sub (local.get $time) (local.get $last)) (f64.const 15)))
          (then (return (i32.const 3))))))
    (local.set $lat (call $coord (global.get $iLat) (i32.const 90)))
    (local.set $lon (call $coord (global.get $iLon) (i32.const 180)))
    (if (i32.or (i32.eqz (local.get $lat)) (i32.eqz (local.get $lon)))
      (then (return (i32.const 4))))
    (if (i32.or (i32.eq (local.get $lat) (i32.const 4)) (i32.eq (local.get $lon) (i32.const 4)))
      (then (return (i32.const 7))))
    (if (i32.or
          (i32.or (i32.eq (local.get $lat) (i32.const 3)) (i32.eq (local.get $lon) (i32.const 3)))
          (i32.and (i32.eq (local.get $lat) (i32.const 2)) (i32.eq (local.get $lon) (i32.const 2))))
      (then (return (i32.const 5))))
    (if (i32.and
          (i32.load8_u (i32.shr_u (local.get $addr) (i32.const 3)))
          (i32.shl (i32.const 1) (i32.and (local.get $addr) (i32.const 7))))
      (then (return (i32.const 6))))
    (global.set $used (i32.add (global.get $used) (i32.const 1)))
    (if (f64.lt (local.get $time) (global.get $minTime)) (then (global.set $minTime (local.get $time))))
    (if (f64.gt (local.get $time) (global.get $maxTime)) (then (global.set $maxTime (local.get $time))))
    (i32.store8 offset=0x200000
      (i32.shr_u (local.get $addr) (i32.const 3))
      (i32.or
        (i32.load8_u offset=0x200000 (i32.shr_u (local.get $addr) (i32.const 3)))
        (i32.shl (i32.const 1) (i32.and (local.get $addr) (i32.const 7)))))
    (i32.const 0))

  ;; Scans the lines starting at s, up to end (data offsets). A line without a newline before end is
  ;; left for later unless final. Stops after a line holding a quote, and when the event table is
  ;; nearly full. Returns where the first line not yet read starts.
  (func (export "scan") (param $s i32) (param $end i32) (param $final i32) (result i32)
    (local $p i32)
    (local $n i32)
    (local $cm i32)
    (local $nl i32)
    (local $qt i32)
    (local $quoted i32)
    (local $mask i32)
    (local $lineEnd i32)
    (local $next i32)
    (local $e i32)
    (local $code i32)
    (local $v0 v128)
    (local $v1 v128)
    (local $comma v128)
    (local $newline v128)
    (local $quote v128)
    (local.set $comma (i8x16.splat (i32.const 44)))
    (local.set $newline (i8x16.splat (i32.const 10)))
    (local.set $quote (i8x16.splat (i32.const 34)))
    (block $stop
      (loop $line
        (br_if $stop (i32.ge_u (local.get $s) (local.get $end)))
        (br_if $stop (i32.ge_u (global.get $events) (i32.const 4095)))
        (local.set $p (local.get $s))
        (local.set $n (i32.const 0))
        (local.set $quoted (i32.const 0))
        (i32.store offset=0x410000 (i32.const 0) (i32.sub (local.get $s) (i32.const 1)))
        (block $found
          (loop $block
            (local.set $v0 (v128.load (local.get $p)))
            (local.set $v1 (v128.load offset=16 (local.get $p)))
            (local.set $cm
              (i32.or
                (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $comma)))
                (i32.shl (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $comma))) (i32.const 16))))
            (local.set $nl
              (i32.or
                (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $newline)))
                (i32.shl (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $newline))) (i32.const 16))))
            (local.set $qt
              (i32.or
                (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $quote)))
                (i32.shl (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $quote))) (i32.const 16))))
            ;; Bytes at or past end are not data.
            (if (i32.lt_s (i32.sub (local.get $end) (local.get $p)) (i32.const 32))
              (then
                (local.set $mask
                  (i32.sub
                    (i32.shl (i32.const 1) (i32.sub (local.get $end) (local.get $p)))
                    (i32.const 1)))
                (local.set $cm (i32.and (local.get $cm) (local.get $mask)))
                (local.set $nl (i32.and (local.get $nl) (local.get $mask)))
                (local.set $qt (i32.and (local.get $qt) (local.get $mask)))))
            (if (local.get $nl)
              (then
                (local.set $mask
                  (i32.sub (i32.shl (i32.const 1) (i32.ctz (local.get $nl))) (i32.const 1)))
                (local.set $cm (i32.and (local.get $cm) (local.get $mask)))
                (local.set $qt (i32.and (local.get $qt) (local.get $mask)))
                (local.set $lineEnd (i32.add (local.get $p) (i32.ctz (local.get $nl))))))
            (local.set $quoted (i32.or (local.get $quoted) (local.get $qt)))
            (block $recorded
              (loop $commas
                (br_if $recorded (i32.eqz (local.get $cm)))
                (if (i32.lt_u (local.get $n) (i32.const 64))
                  (then
                    (i32.store offset=0x410004
                      (i32.shl (local.get $n) (i32.const 2))
                      (i32.add (local.get $p) (i32.ctz (local.get $cm))))))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $cm (i32.and (local.get $cm) (i32.sub (local.get $cm) (i32.const 1))))
                (br $commas)))
            (if (local.get $nl)
              (then
                (local.set $next (i32.add (local.get $lineEnd) (i32.const 1)))
                (br $found)))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (br_if $block (i32.lt_u (local.get $p) (local.get $end)))
            (if (i32.eqz (local.get $final)) (then (return (local.get $s))))
            (local.set $lineEnd (local.get $end))
            (local.set $next (local.get $end))))
        (local.set $e (local.get $lineEnd))
        (if (i32.gt_u (local.get $e) (local.get $s))
          (then
            (if (i32.eq (i32.load8_u (i32.sub (local.get $e) (i32.const 1))) (i32.const 13))
              (then (local.set $e (i32.sub (local.get $e) (i32.const 1)))))))
        (global.set $lineNo (i32.add (global.get $lineNo) (i32.const 1)))
        (if (local.get $quoted)
          (then
            (call $emit (local.get $s) (local.get $e) (i32.const 8))
            (return (local.get $next))))
        (if (i32.le_u (local.get $n) (i32.const 64))
          (then
            (i32.store offset=0x410004 (i32.shl (local.get $n) (i32.const 2)) (local.get $e))))
        (if (i32.gt_u (local.get $e) (local.get $s))
          (then
            (local.set $code (call $row (local.get $n)))
            (if (local.get $code)
              (then (call $emit (local.get $s) (local.get $e) (local.get $code))))))
        (local.set $s (local.get $next))
        (br $line)))
    (local.get $s))
)
