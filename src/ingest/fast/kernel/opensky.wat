;; The OpenSky fast-path kernel: walks CSV lines 64 bytes at a time with SIMD, finds each line's end
;; and commas, and decides from the bytes of a row what the general reader (src/ingest/formats/
;; opensky.ts) would do with it. Plain used rows are only counted; every other row becomes an event
;; that the JavaScript side (opensky-scanner.ts) settles, with the general parser where needed.
;;
;; Compiled by scripts/build-kernel.ts into opensky-wasm.ts; tests/fast-path.test.ts checks that
;; the compiled bytes match this source.
;;
;; Memory layout (fixed offsets, shared with opensky-kernel.ts):
;;   0x000000  watch bitmap, 2 MiB: one bit per 24-bit address; rows of these aircraft are events.
;;             Only the 4 KiB blocks its block bytes (0x61f000) mark are written and read
;;   0x200000  seen list, up to 1 MiB: the addresses of the rows counted here (i32 each, in table
;;             order), written when the table is emptied
;;   0x300000  last tuples: 4096 x 32 bytes, by address (open addressing): a watched aircraft's
;;             last row handed over as a fix (event 12) outside every box: i32 address | 2^31,
;;             i32 its callsign's length | on the ground x 16 | 256 (0: none), i32 squawk, i32
;;             generation ($tupleGen), then its callsign's bytes (up to 8) as i64. Emptied with
;;             the table
;;   0x320000  kernel fixes (when $kernelFixes is set): up to 4096 rows of watched aircraft taken
;;             as fixes here, in line order, a column at a time (f64 each, 32 KiB apart): time
;;             (ms), lat, lon, altitude (ft, NaN: none), speed (kt, NaN: none), track (deg, NaN:
;;             none), line; then (0x358000) their addresses (i32)
;;   0x400000  candidate bitmap, 2 MiB: aircraft that may prove to be surveillance aircraft (a
;;             report of any other aircraft near the region shows coverage by other traffic);
;;             only the blocks its block bytes (0x61f200) mark are written and read
;;   0x600000  events: 4096 x [line start, line end, line number, code] (i32 each); a coverage
;;             event holds [hour, box index x 2 + other traffic 0/1, line number, 9]
;;   0x610000  field bounds of the current line (up to 256 x i32): slot 0 holds the line start
;;             - 1, slot i the i-th comma, the slot after the last comma the line end; so field
;;             k runs from slot[k] + 1 to slot[k + 1]. Only the first 64 commas are sure to be
;;             recorded (the others are counted): the fields read must lie there.
;;   0x610400  powers of ten: 10^0..10^18 as i64, then (0x610500) 10^0..10^22 as f64
;;   0x610800  skipped rows counted by reason (i32 per event code 1 to 5 and 10), reset by the
;;             JavaScript side
;;   0x611000  held aircraft: up to 4096 table slots (i32) marked held during the current scan
;;   0x618000  coverage boxes, one per region of the run (up to 64 x 48 bytes), each as i32: the
;;             inner bounds (west, south, east, north), the outer ones (the same), then the last
;;             hours recorded as covered near it by any aircraft and by other traffic (-1: none);
;;             written by the JavaScript side for each input
;;   0x61f000  block bytes of the watch bitmap: one per 4 KiB block (2^15 addresses), non-zero
;;             where the block may hold a set bit; 0x61f200 those of the candidate bitmap
;;   0x620000  aircraft table: 32 Ki slots of 8 bytes, doubled (up to 256 Ki) whenever it is 5/8
;;             full, so that it stays as small as the aircraft allow (it is asked on every row, and
;;             a table larger than the core's cache, a line of it missed on most rows, costs as much
;;             as the rest of the row's reading). It holds the aircraft of the rows that reached it
;;             in this input; the rows of any others go to the JavaScript side, which keeps those
;;             aircraft itself. A slot holds, as i32, the address (bits 0-23) and flags: bit 24
;;             held, 26 the first position dated by lastposupdate was built on the JavaScript
;;             side, 27 a row was counted here, 28 far (the aircraft's last dated position is kept
;;             on the JavaScript side: its time was too far from $base), 29 a candidate, 30 watched,
;;             31 used; then, as u32, the time of the last dated position in ms after $base
;;             (2^32 - 1: none yet)
;;   0x820000  for each slot, the line of the first dated position (i32)
;;   0x920000  for each slot, the time of the first dated position (f64)
;;   0xB20000  room to rehash the table when it doubles (its slots, lines and times before)
;;   0xDA0000  row records: for each event of a row handed over as watched (code 6), 80 bytes of
;;             what the byte reader (src/ingest/fast/opensky-row-bytes.ts) would read from it, when
;;             $recordRows is set (see $record)
;;   0xDF0000  data: the bytes to scan, written by the JavaScript side
(module
  (memory (export "memory") 240)

  ;; Skipped rows of each reason handed back as events (the rest are only counted, at 0x610800).
  (global $skipEvents (export "skipEvents") (mut i32) (i32.const 5))
  ;; Aircraft in the table (emptied into the seen list at the end of an input: the table keeps
  ;; each aircraft's last position, which the next row of the aircraft may repeat), and its size
  ;; as a power of two.
  (global $tableCount (export "tableCount") (mut i32) (i32.const 0))
  (global $tableBits (export "tableBits") (mut i32) (i32.const 15))
  ;; Dated positions are kept in the table as ms after this (set from the input's first, a day
  ;; before it: 32 bits reach 49 days on); $baseSet once it is.
  (global $base (mut i64) (i64.const 0))
  (global $baseSet (mut i32) (i32.const 0))
  ;; The aircraft of the row being read (-1 before its address is read), and whether a row handed
  ;; to the JavaScript side in this scan had an address not read here. See $hold.
  (global $rowAddr (mut i32) (i32.const -1))
  ;; The position's time (ms) of a row handed over as watched, and whether lastposupdate dates it.
  (global $rowPos (mut f64) (f64.const 0))
  (global $rowDated (mut i32) (i32.const 0))
  (global $blocked (mut i32) (i32.const 0))
  (global $held (mut i32) (i32.const 0))

  ;; Layout of the file (column indices), set before scanning.
  (global $width (export "width") (mut i32) (i32.const 0))
  (global $iTime (export "iTime") (mut i32) (i32.const 0))
  (global $iHex (export "iHex") (mut i32) (i32.const 0))
  (global $iLat (export "iLat") (mut i32) (i32.const 0))
  (global $iLon (export "iLon") (mut i32) (i32.const 0))
  (global $iLast (export "iLast") (mut i32) (i32.const -1))
  ;; lastposupdate (-1 when absent): a row's position is dated by it (src/ingest/position-time.ts).
  (global $iPos (export "iPos") (mut i32) (i32.const -1))
  ;; Altitude columns (-1 when absent): rows whose altitude may be implausible go to the general path.
  (global $iBaro (export "iBaro") (mut i32) (i32.const -1))
  (global $iGeo (export "iGeo") (mut i32) (i32.const -1))
  ;; The other columns the byte reader reads (-1 when absent), and whether rows handed over as
  ;; watched get a record of them: set only when every column read lies among the first 64.
  (global $iGround (export "iGround") (mut i32) (i32.const -1))
  (global $iSpeed (export "iSpeed") (mut i32) (i32.const -1))
  (global $iTrack (export "iTrack") (mut i32) (i32.const -1))
  (global $iCall (export "iCall") (mut i32) (i32.const -1))
  (global $iSquawk (export "iSquawk") (mut i32) (i32.const -1))
  (global $recordRows (export "recordRows") (mut i32) (i32.const 0))
  ;; How many coverage boxes (at 0x618000) there are, in units of 1e-4 degree, each as two boxes: a
  ;; row whose coordinates, truncated to four decimals, lie surely inside a box's inner bounds is
  ;; counted here and its hour recorded for that box; one surely outside the outer bounds of every
  ;; box it is not inside is counted; a row in between (within about 1e-4 degree of an edge of any
  ;; box) is built, and the boxes are checked exactly there. Set by the JavaScript side; with none,
  ;; every row is outside. One read measures every region of a run this way.
  (global $boxCount (export "boxCount") (mut i32) (i32.const 0))
  ;; A scan stops before a line once this many events are held: a line adds at most two for each
  ;; box (or one row event), so the JavaScript side sets it to 4096 less two per box.
  (global $eventLimit (export "eventLimit") (mut i32) (i32.const 4094))
  ;; Second results of $coord: bounds of the coordinate read, in units of 1e-4 degree (lo <= value
  ;; <= hi, hi = lo + 1).
  (global $coordLo (mut i32) (i32.const 0))
  (global $coordHi (mut i32) (i32.const 0))
  ;; Running state, read and reset by the JavaScript side.
  (global $lineNo (export "lineNo") (mut i32) (i32.const 0))
  (global $used (export "used") (mut i32) (i32.const 0))
  ;; The span of the positions counted, as their times in ms.
  (global $minTime (export "minTime") (mut f64) (f64.const inf))
  (global $maxTime (export "maxTime") (mut f64) (f64.const -inf))
  (global $events (export "events") (mut i32) (i32.const 0))
  ;; Second result of $decimal: 0 missing, 1 a number, 2 irregular.
  (global $cls (mut i32) (i32.const 0))
  ;; Set by the JavaScript side when it takes fixes from the kernel's columns (0x320000): a row it
  ;; would take whole (event 12) of an aircraft whose last such row had the same callsign, squawk
  ;; and ground state, outside every box, is written there instead of handed over ($kernelFix).
  ;; $fixCount rows are there; the JavaScript side moves them and sets it back to 0. The
  ;; conversions and the plausible altitudes are that side's own numbers.
  (global $kernelFixes (export "kernelFixes") (mut i32) (i32.const 0))
  (global $fixCount (export "fixCount") (mut i32) (i32.const 0))
  (global $ftPerM (export "ftPerM") (mut f64) (f64.const 0))
  (global $ktPerMps (export "ktPerMps") (mut f64) (f64.const 0))
  (global $lowestFt (export "lowestFt") (mut f64) (f64.const 0))
  (global $highestFt (export "highestFt") (mut f64) (f64.const 0))
  (global $tupleCount (mut i32) (i32.const 0))
  ;; The last tuples' generation: a tuple of an earlier one is no aircraft's last. A row handed
  ;; over whose address was not read here starts a new one: the byte reader refuses such a row by
  ;; the same rule today, but were it ever to take one, it could be any aircraft's. (Rows the
  ;; JavaScript side reads as text, quoted ones and those of a lone CR, become positions there,
  ;; which leave an aircraft's last tuple as it was.)
  (global $tupleGen (mut i32) (i32.const 0))

  (start $init)

  ;; Fills the tables of powers of ten (each exact: 10^22 is the last power of ten a double holds).
  (func $init
    (local $k i32)
    (local $i i64)
    (local $f f64)
    (local.set $i (i64.const 1))
    (local.set $f (f64.const 1))
    (loop $next
      (if (i32.le_u (local.get $k) (i32.const 18))
        (then (i64.store offset=0x610400 (i32.shl (local.get $k) (i32.const 3)) (local.get $i))))
      (f64.store offset=0x610500 (i32.shl (local.get $k) (i32.const 3)) (local.get $f))
      (local.set $i (i64.mul (local.get $i) (i64.const 10)))
      (local.set $f (f64.mul (local.get $f) (f64.const 10)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $next (i32.le_u (local.get $k) (i32.const 22)))))

  ;; Event codes (opensky-kernel.ts has the same table).
  ;;   1 wrong number of fields, 2 bad time, 3 stale, 4 no position, 5 bad position,
  ;;   6 watched aircraft, 7 irregular (the general parser decides), 8 holds a quote,
  ;;   9 an hour covered (not a row), 10 repeated position; and, never an event, 11 wait (the row
  ;;   is read again once the rows handed over before it are settled); 12 a watched aircraft's
  ;;   row taken whole from its record, its position new (see $fixOf).

  (func $emit (param $s i32) (param $e i32) (param $code i32)
    (local $at i32)
    (local.set $at
      (i32.add (i32.const 0x600000) (i32.shl (global.get $events) (i32.const 4))))
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

  ;; The parsers below take a field index k; the field runs from slot[k] + 1 to slot[k + 1]. They
  ;; check a field's form on 16 or 32 bytes at once (SIMD masks) and read digits 8 at a time
  ;; (SWAR): per-byte branches on data like this are mispredicted more often than not.

  ;; Bit i set where byte i of the 32 bytes at a is an ASCII digit.
  (func $digitMask (param $a i32) (result i32)
    (i32.or
      (i8x16.bitmask
        (i8x16.le_u
          (i8x16.sub (v128.load (local.get $a)) (i8x16.splat (i32.const 48)))
          (i8x16.splat (i32.const 9))))
      (i32.shl
        (i8x16.bitmask
          (i8x16.le_u
            (i8x16.sub (v128.load offset=16 (local.get $a)) (i8x16.splat (i32.const 48)))
            (i8x16.splat (i32.const 9))))
        (i32.const 16))))

  ;; The first len bits (len 0 to 32).
  (func $lowBits (param $len i32) (result i32)
    (if (result i32) (i32.ge_u (local.get $len) (i32.const 32))
      (then (i32.const -1))
      (else (i32.sub (i32.shl (i32.const 1) (local.get $len)) (i32.const 1)))))

  ;; The value of 1 to 16 digits at a (already checked to be digits): 8 at a time, the first digit
  ;; in the lowest byte of a little-endian load; fewer than 8 are shifted up so the missing ones
  ;; read as leading zeros.
  (func $digits (param $a i32) (param $len i32) (result i64)
    (local $hi i64)
    (local $pow i64)
    (if (i32.gt_u (local.get $len) (i32.const 8))
      (then
        (local.set $hi (call $eight (i64.load (local.get $a))))
        (local.set $len (i32.sub (local.get $len) (i32.const 8)))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $pow (call $pow10 (local.get $len)))
        (return
          (i64.add
            (i64.mul (local.get $hi) (local.get $pow))
            (call $eight
              (i64.shl
                (i64.load (local.get $a))
                (i64.extend_i32_u (i32.shl (i32.sub (i32.const 8) (local.get $len)) (i32.const 3)))))))))
    (call $eight
      (i64.shl
        (i64.load (local.get $a))
        (i64.extend_i32_u (i32.shl (i32.sub (i32.const 8) (local.get $len)) (i32.const 3))))))

  ;; Eight ASCII digits (or zero bytes, read as 0) in a little-endian i64 as their value.
  (func $eight (param $x i64) (result i64)
    (local.set $x
      (i64.shr_u
        (i64.mul (i64.and (local.get $x) (i64.const 0x0F0F0F0F0F0F0F0F)) (i64.const 2561))
        (i64.const 8)))
    (local.set $x
      (i64.shr_u
        (i64.mul (i64.and (local.get $x) (i64.const 0x00FF00FF00FF00FF)) (i64.const 6553601))
        (i64.const 16)))
    (i64.shr_u
      (i64.mul (i64.and (local.get $x) (i64.const 0x0000FFFF0000FFFF)) (i64.const 42949672960001))
      (i64.const 32)))

  ;; 1 to 15 decimal digits as their value, else -1.
  (func $integer (param $k i32) (result f64)
    (local $a i32)
    (local $len i32)
    (local.set $a
      (call $fieldStart (local.get $k)))
    (local.set $len
      (i32.sub (call $fieldEnd (local.get $k)) (local.get $a)))
    (if (i32.or (i32.eqz (local.get $len)) (i32.gt_u (local.get $len) (i32.const 15)))
      (then (return (f64.const -1))))
    (if (i32.ne
          (i32.and (call $digitMask (local.get $a)) (call $lowBits (local.get $len)))
          (call $lowBits (local.get $len)))
      (then (return (f64.const -1))))
    (f64.convert_i64_u (call $digits (local.get $a) (local.get $len))))

  ;; (out of line: a number in a form other than OpenSky's own)
  ;; A plain decimal (digits, optionally a dot and digits) as Number() reads it: exact when all its
  ;; digits make an integer below 2^53 and at most 22 are after the dot (M / 10^k is then correctly
  ;; rounded). Sets $cls: 0 missing (empty or "NaN", which parseNumber reads as missing),
  ;; 1 a number, 2 anything else.
  (func $decimal (param $k i32) (result f64)
    (local $a i32)
    (local $b i32)
    (local $len i32)
    (local $valid i32)
    (local $rest i32)
    (local $int i32)
    (local $frac i32)
    (local $m i64)
    (local $pow f64)
    (local.set $a
      (call $fieldStart (local.get $k)))
    (local.set $b (call $fieldEnd (local.get $k)))
    (local.set $len (i32.sub (local.get $b) (local.get $a)))
    (global.set $cls (i32.const 0))
    (if (i32.eqz (local.get $len)) (then (return (f64.const 0))))
    ;; Only a field starting with N can be "NaN".
    (if (i32.eq (i32.load8_u (local.get $a)) (i32.const 78))
      (then (if (call $isNaN (local.get $a) (local.get $b)) (then (return (f64.const 0))))))
    (global.set $cls (i32.const 2))
    ;; At most 18 digits and a dot: the digits then fit an i64 without wrapping.
    (if (i32.gt_u (local.get $len) (i32.const 19)) (then (return (f64.const 0))))
    (local.set $valid (call $lowBits (local.get $len)))
    (local.set $rest
      (i32.and (local.get $valid) (i32.xor (call $digitMask (local.get $a)) (i32.const -1))))
    ;; Every byte a digit but at most one, which must be a dot with a digit before it.
    (if (i32.and (local.get $rest) (i32.sub (local.get $rest) (i32.const 1)))
      (then (return (f64.const 0))))
    (local.set $int (local.get $len))
    (if (local.get $rest)
      (then
        (local.set $int (i32.ctz (local.get $rest)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $int))) (i32.const 46))
          (then (return (f64.const 0))))
        (local.set $frac (i32.sub (i32.sub (local.get $len) (local.get $int)) (i32.const 1)))))
    (if (i32.eqz (local.get $int)) (then (return (f64.const 0))))
    (local.set $m (call $digits (local.get $a) (local.get $int)))
    (local.set $pow (f64.const 1))
    (if (local.get $frac)
      (then
        (local.set $m
          (i64.add
            (i64.mul (local.get $m) (call $pow10 (local.get $frac)))
            (call $digits
              (i32.add (i32.add (local.get $a) (local.get $int)) (i32.const 1))
              (local.get $frac))))
        (local.set $pow (f64.load offset=0x610500 (i32.shl (local.get $frac) (i32.const 3))))))
    (if (i64.ge_u (local.get $m) (i64.const 9007199254740992)) (then (return (f64.const 0))))
    (global.set $cls (i32.const 1))
    (f64.div (f64.convert_i64_u (local.get $m)) (local.get $pow)))

  ;; 10^n for n from 0 to 18, exactly.
  (func $pow10 (param $n i32) (result i64)
    (i64.load offset=0x610400 (i32.shl (local.get $n) (i32.const 3))))

  ;; A latitude (limit 90) or longitude (limit 180) field, for checkLatLon: 0 missing (empty or
  ;; "NaN"), 1 in range and not zero, 2 zero, 3 out of range, 4 irregular (not [-]digits[.digits],
  ;; longer than 32 bytes, more than three digits before the dot, or exactly at the limit, where
  ;; only the exact value tells). The form is checked on 32 bytes at once (every byte a digit but a
  ;; leading minus and at most one dot), the digits read four at a time: no branch depends on how
  ;; many digits there are, which varies from row to row and would be mispredicted. The rare cases
  ;; ("NaN", a value whose first four decimals are all zero) are asked only where the common form
  ;; fails: about 3% of a scan's time went to asking every row of them.
  (func $coord (param $k i32) (param $limit i32) (result i32)
    (local $a i32)
    (local $len i32)
    (local $v0 v128)
    (local $v1 v128)
    (local $digit i32)
    (local $valid i32)
    (local $rest i32)
    (local $minus i32)
    (local $intEnd i32)
    (local $intLen i32)
    (local $ip i32)
    (local $fl i32)
    (local $mask i32)
    (local $x i32)
    (local $t i32)
    (local.set $a
      (call $fieldStart (local.get $k)))
    (local.set $len
      (i32.sub (call $fieldEnd (local.get $k)) (local.get $a)))
    ;; Empty: missing; longer than 32 bytes: irregular.
    (if (i32.gt_u (i32.sub (local.get $len) (i32.const 1)) (i32.const 31))
      (then (return (select (i32.const 0) (i32.const 4) (i32.eqz (local.get $len))))))
    (local.set $v0 (v128.load (local.get $a)))
    (local.set $v1 (v128.load offset=16 (local.get $a)))
    (local.set $valid
      (i32.wrap_i64 (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (local.get $len))) (i64.const 1))))
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
    (local.set $minus (i32.eq (i32.load8_u (local.get $a)) (i32.const 45)))
    ;; The bytes that are not digits, but for a leading minus: none, or one dot. Anything else is
    ;; irregular, but for "NaN" (missing).
    (local.set $rest
      (i32.and
        (i32.xor (local.get $digit) (local.get $valid))
        (i32.xor (local.get $minus) (i32.const -1))))
    (if (i32.and (local.get $rest) (i32.sub (local.get $rest) (i32.const 1)))
      (then
        (return
          (select
            (i32.const 0)
            (i32.const 4)
            (call $isNaN (local.get $a) (i32.add (local.get $a) (local.get $len)))))))
    (local.set $intEnd (select (i32.ctz (local.get $rest)) (local.get $len) (local.get $rest)))
    (if (i32.and
          (i32.ne (local.get $rest) (i32.const 0))
          (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $intEnd))) (i32.const 46)))
      (then (return (i32.const 4))))
    (local.set $intLen (i32.sub (local.get $intEnd) (local.get $minus)))
    (if (i32.gt_u (i32.sub (local.get $intLen) (i32.const 1)) (i32.const 2))
      (then (return (i32.const 4))))
    ;; The integer part: its 1 to 3 digits shifted up in a little-endian load, so the missing ones
    ;; read as leading zeros; bytes d0..d3 become d0d1 (byte 0) and d2d3 (byte 2), then d0d1d2d3.
    (local.set $x
      (i32.sub
        (i32.shl
          (i32.load (i32.add (local.get $a) (local.get $minus)))
          (i32.shl (i32.sub (i32.const 4) (local.get $intLen)) (i32.const 3)))
        (i32.shl
          (i32.const 0x30303030)
          (i32.shl (i32.sub (i32.const 4) (local.get $intLen)) (i32.const 3)))))
    (local.set $x
      (i32.and
        (i32.add (i32.mul (local.get $x) (i32.const 10)) (i32.shr_u (local.get $x) (i32.const 8)))
        (i32.const 0x00ff00ff)))
    (local.set $ip
      (i32.add
        (i32.mul (i32.and (local.get $x) (i32.const 0xff)) (i32.const 100))
        (i32.shr_u (local.get $x) (i32.const 16))))
    ;; Beyond the limit: out of range; at it, only the exact value tells.
    (if (i32.ge_u (local.get $ip) (local.get $limit))
      (then (return (select (i32.const 3) (i32.const 4) (i32.gt_u (local.get $ip) (local.get $limit))))))
    ;; Up to four digits after the dot, missing ones read as zeros (masked off): the coordinate
    ;; truncated to units of 1e-4 degree.
    (local.set $fl (i32.sub (i32.sub (local.get $len) (local.get $intEnd)) (i32.const 1)))
    (local.set $fl
      (select
        (i32.const 0)
        (select (i32.const 4) (local.get $fl) (i32.gt_s (local.get $fl) (i32.const 4)))
        (i32.lt_s (local.get $fl) (i32.const 0))))
    (local.set $mask
      (i32.wrap_i64
        (i64.sub
          (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $fl) (i32.const 3))))
          (i64.const 1))))
    (local.set $x
      (i32.sub
        (i32.and (i32.load offset=1 (i32.add (local.get $a) (local.get $intEnd))) (local.get $mask))
        (i32.and (i32.const 0x30303030) (local.get $mask))))
    (local.set $x
      (i32.and
        (i32.add (i32.mul (local.get $x) (i32.const 10)) (i32.shr_u (local.get $x) (i32.const 8)))
        (i32.const 0x00ff00ff)))
    (local.set $t
      (i32.add
        (i32.mul (local.get $ip) (i32.const 10000))
        (i32.add
          (i32.mul (i32.and (local.get $x) (i32.const 0xff)) (i32.const 100))
          (i32.shr_u (local.get $x) (i32.const 16)))))
    (global.set $coordLo
      (select
        (i32.sub (i32.sub (i32.const 0) (local.get $t)) (i32.const 1))
        (local.get $t)
        (local.get $minus)))
    (global.set $coordHi (i32.add (global.get $coordLo) (i32.const 1)))
    ;; Zero only when every digit is: asked of the other digits only when the first ones are.
    (if (result i32) (local.get $t)
      (then (i32.const 1))
      (else
        (select
          (i32.const 2)
          (i32.const 1)
          (i32.eqz
            (i32.and
              (local.get $digit)
              (i32.xor
                (i32.or
                  (i8x16.bitmask (i8x16.eq (local.get $v0) (i8x16.splat (i32.const 48))))
                  (i32.shl (i8x16.bitmask (i8x16.eq (local.get $v1) (i8x16.splat (i32.const 48)))) (i32.const 16)))
                (i32.const -1))))))))

  ;; Decides one line with n commas (its field bounds recorded); returns an event code, or 0 when
  ;; the row is used and was counted (11 when it must wait for the rows handed over before it).
  ;; The common shapes of OpenSky's time (10 digits) and last contact (10 digits, a dot, 1 to 6
  ;; digits) are read inline here; anything else goes through the general parsers above (a call
  ;; costs about as much as the reading itself).
  (func $row (param $n i32) (result i32)
    (local $addr i32)
    (local $latLo i32)
    (local $latHi i32)
    (local $lonLo i32)
    (local $lonHi i32)
    (local $inside i32)
    (local $hour i32)
    (local $b i32)
    (local $bx i32)
    (local $other i32)
    (local $time f64)
    (local $last f64)
    (local $lat i32)
    (local $lon i32)
    (local $k i32)
    (local $a i32)
    (local $len i32)
    (local $frac i32)
    (local $valid i32)
    (local $x i64)
    (local $m i64)
    (local $v v128)
    (local $alpha v128)
    (local $pos f64)
    (local $age f64)
    (local $dated i32)
    (local $slot i32)
    (local $at i32)
    (local $e i32)
    (global.set $rowAddr (i32.const -1))
    (if (i32.ne (local.get $n) (i32.sub (global.get $width) (i32.const 1)))
      (then (return (i32.const 1))))
    ;; icao24: six hex digits, either case.
    (local.set $k (global.get $iHex))
    (local.set $a
      (call $fieldStart (local.get $k)))
    (if (i32.ne
          (i32.sub (call $fieldEnd (local.get $k)) (local.get $a))
          (i32.const 6))
      (then (return (i32.const 7))))
    (local.set $v (v128.load (local.get $a)))
    ;; Setting bit 5 maps A-F onto a-f and nothing else onto a-f.
    (local.set $alpha
      (i8x16.le_u
        (i8x16.sub (v128.or (local.get $v) (i8x16.splat (i32.const 0x20))) (i8x16.splat (i32.const 97)))
        (i8x16.splat (i32.const 5))))
    (if (i32.ne
          (i32.and
            (i8x16.bitmask
              (v128.or
                (local.get $alpha)
                (i8x16.le_u
                  (i8x16.sub (local.get $v) (i8x16.splat (i32.const 48)))
                  (i8x16.splat (i32.const 9)))))
            (i32.const 0x3f))
          (i32.const 0x3f))
      (then (return (i32.const 7))))
    ;; A digit's value is its low nibble, a letter's its low nibble + 9.
    (local.set $v
      (i8x16.add
        (v128.and (local.get $v) (i8x16.splat (i32.const 0x0f)))
        (v128.and (local.get $alpha) (i8x16.splat (i32.const 9)))))
    (local.set $addr
      (i32.or
        (i32.or
          (i32.or
            (i32.shl (i8x16.extract_lane_u 0 (local.get $v)) (i32.const 20))
            (i32.shl (i8x16.extract_lane_u 1 (local.get $v)) (i32.const 16)))
          (i32.or
            (i32.shl (i8x16.extract_lane_u 2 (local.get $v)) (i32.const 12))
            (i32.shl (i8x16.extract_lane_u 3 (local.get $v)) (i32.const 8))))
        (i32.or
          (i32.shl (i8x16.extract_lane_u 4 (local.get $v)) (i32.const 4))
          (i8x16.extract_lane_u 5 (local.get $v)))))
    (global.set $rowAddr (local.get $addr))
    ;; Time.
    (local.set $k (global.get $iTime))
    (local.set $a
      (call $fieldStart (local.get $k)))
    (local.set $len
      (i32.sub (call $fieldEnd (local.get $k)) (local.get $a)))
    (if (i32.and
          (i32.eq (local.get $len) (i32.const 10))
          (i32.eq
            (i32.and
              (i8x16.bitmask
                (i8x16.le_u
                  (i8x16.sub (v128.load (local.get $a)) (i8x16.splat (i32.const 48)))
                  (i8x16.splat (i32.const 9))))
              (i32.const 0x3ff))
            (i32.const 0x3ff)))
      (then
        (local.set $x (i64.load (local.get $a)))
        (local.set $x
          (i64.shr_u
            (i64.mul (i64.and (local.get $x) (i64.const 0x0F0F0F0F0F0F0F0F)) (i64.const 2561))
            (i64.const 8)))
        (local.set $x
          (i64.shr_u
            (i64.mul (i64.and (local.get $x) (i64.const 0x00FF00FF00FF00FF)) (i64.const 6553601))
            (i64.const 16)))
        (local.set $x
          (i64.shr_u
            (i64.mul (i64.and (local.get $x) (i64.const 0x0000FFFF0000FFFF)) (i64.const 42949672960001))
            (i64.const 32)))
        (local.set $time
          (f64.convert_i64_u
            (i64.add
              (i64.mul (local.get $x) (i64.const 100))
              (i64.extend_i32_u
                (i32.add
                  (i32.mul (i32.sub (i32.load8_u offset=8 (local.get $a)) (i32.const 48)) (i32.const 10))
                  (i32.sub (i32.load8_u offset=9 (local.get $a)) (i32.const 48))))))))
      (else (local.set $time (call $integer (local.get $k)))))
    (if (f64.lt (local.get $time) (f64.const 0)) (then (return (i32.const 7))))
    (if (i32.or
          (f64.lt (local.get $time) (f64.const 631152000))
          (f64.gt (local.get $time) (f64.const 4102444800)))
      (then (return (i32.const 2))))
    ;; The parser takes this very second, the plausibility check does not: the order of the checks
    ;; then decides the reason, so the general path decides.
    (if (f64.eq (local.get $time) (f64.const 4102444800)) (then (return (i32.const 7))))
    (local.set $k (global.get $iLast))
    (if (i32.ge_s (local.get $k) (i32.const 0))
      (then
        (local.set $a
          (call $fieldStart (local.get $k)))
        (local.set $len
          (i32.sub (call $fieldEnd (local.get $k)) (local.get $a)))
        (local.set $frac (i32.sub (local.get $len) (i32.const 11)))
        (local.set $valid (i32.sub (i32.shl (i32.const 1) (local.get $len)) (i32.const 1)))
        ;; 10 digits, then maybe a dot and 1 to 6 digits: L + F with L the 10-digit integer part.
        ;; Read as Number() reads it, the value is within 1.2e-7 of L + F, so 1 > F' >= 0 where F' is
        ;; its distance from L; time - value is exact (the two are that close), and it exceeds 15
        ;; just when time - L >= 16, whatever the fraction. Only L need be read.
        (if (i32.and
              (i32.or
                (i32.eq (local.get $len) (i32.const 10))
                (i32.and
                  (i32.le_u (i32.sub (local.get $frac) (i32.const 1)) (i32.const 5))
                  (i32.eq (i32.load8_u offset=10 (local.get $a)) (i32.const 46))))
              (i32.eq
                (i32.and
                  (i32.or
                    (i8x16.bitmask
                      (i8x16.le_u
                        (i8x16.sub (v128.load (local.get $a)) (i8x16.splat (i32.const 48)))
                        (i8x16.splat (i32.const 9))))
                    (i32.shl
                      (i8x16.bitmask
                        (i8x16.le_u
                          (i8x16.sub (v128.load offset=16 (local.get $a)) (i8x16.splat (i32.const 48)))
                          (i8x16.splat (i32.const 9))))
                      (i32.const 16)))
                  (local.get $valid))
                (select
                  (i32.xor (local.get $valid) (i32.const 0x400))
                  (local.get $valid)
                  (i32.gt_s (local.get $frac) (i32.const 0)))))
          (then
            (local.set $x (i64.load (local.get $a)))
            (local.set $x
              (i64.shr_u
                (i64.mul (i64.and (local.get $x) (i64.const 0x0F0F0F0F0F0F0F0F)) (i64.const 2561))
                (i64.const 8)))
            (local.set $x
              (i64.shr_u
                (i64.mul (i64.and (local.get $x) (i64.const 0x00FF00FF00FF00FF)) (i64.const 6553601))
                (i64.const 16)))
            (local.set $x
              (i64.shr_u
                (i64.mul (i64.and (local.get $x) (i64.const 0x0000FFFF0000FFFF)) (i64.const 42949672960001))
                (i64.const 32)))
            (local.set $m
              (i64.add
                (i64.mul (local.get $x) (i64.const 100))
                (i64.extend_i32_u
                  (i32.add
                    (i32.mul (i32.sub (i32.load8_u offset=8 (local.get $a)) (i32.const 48)) (i32.const 10))
                    (i32.sub (i32.load8_u offset=9 (local.get $a)) (i32.const 48))))))
            (if (f64.ge (f64.sub (local.get $time) (f64.convert_i64_u (local.get $m))) (f64.const 16))
              (then (return (i32.const 3)))))
          (else
            ;; Any other form: read exactly, as Number() would.
            (local.set $last (call $decimal (local.get $k)))
            (if (i32.eq (global.get $cls) (i32.const 2)) (then (return (i32.const 7))))
            (if (i32.and
                  (i32.eq (global.get $cls) (i32.const 1))
                  (f64.gt (f64.sub (local.get $time) (local.get $last)) (f64.const 15)))
              (then (return (i32.const 3))))))))
    (local.set $lat (call $coord (global.get $iLat) (i32.const 90)))
    (local.set $latLo (global.get $coordLo))
    (local.set $latHi (global.get $coordHi))
    (local.set $lon (call $coord (global.get $iLon) (i32.const 180)))
    (local.set $lonLo (global.get $coordLo))
    (local.set $lonHi (global.get $coordHi))
    (if (i32.or (i32.eqz (local.get $lat)) (i32.eqz (local.get $lon)))
      (then (return (i32.const 4))))
    (if (i32.or (i32.eq (local.get $lat) (i32.const 4)) (i32.eq (local.get $lon) (i32.const 4)))
      (then (return (i32.const 7))))
    (if (i32.or
          (i32.or (i32.eq (local.get $lat) (i32.const 3)) (i32.eq (local.get $lon) (i32.const 3)))
          (i32.and (i32.eq (local.get $lat) (i32.const 2)) (i32.eq (local.get $lon) (i32.const 2))))
      (then (return (i32.const 5))))
    ;; The position's time (position-time.ts): the row's time less the position's age, time -
    ;; lastposupdate (none when negative), to the millisecond.
    (local.set $pos (f64.mul (local.get $time) (f64.const 1000)))
    (local.set $k (global.get $iPos))
    (if (i32.ge_s (local.get $k) (i32.const 0))
      (then
        (local.set $a
          (call $fieldStart (local.get $k)))
        (local.set $len
          (i32.sub (call $fieldEnd (local.get $k)) (local.get $a)))
        (local.set $frac (i32.sub (local.get $len) (i32.const 11)))
        (local.set $valid (i32.sub (i32.shl (i32.const 1) (local.get $len)) (i32.const 1)))
        ;; OpenSky's form, 10 digits and maybe a dot and 1 to 3 digits, is read inline: for such an
        ;; L (whole milliseconds) and a whole second time, Math.round(time·1000 - (time - L)·1000)
        ;; is exactly L·1000 when L < time (the roundings on the way stay far below half a
        ;; millisecond), and time·1000 otherwise: the smaller of the two.
        (if (i32.and
              (i32.or
                (i32.eq (local.get $len) (i32.const 10))
                (i32.and
                  (i32.le_u (i32.sub (local.get $frac) (i32.const 1)) (i32.const 2))
                  (i32.eq (i32.load8_u offset=10 (local.get $a)) (i32.const 46))))
              (i32.eq
                (i32.and
                  (i8x16.bitmask
                    (i8x16.le_u
                      (i8x16.sub (v128.load (local.get $a)) (i8x16.splat (i32.const 48)))
                      (i8x16.splat (i32.const 9))))
                  (local.get $valid))
                (select
                  (i32.xor (local.get $valid) (i32.const 0x400))
                  (local.get $valid)
                  (i32.gt_s (local.get $frac) (i32.const 0)))))
          (then
            (local.set $x (i64.load (local.get $a)))
            (local.set $x
              (i64.shr_u
                (i64.mul (i64.and (local.get $x) (i64.const 0x0F0F0F0F0F0F0F0F)) (i64.const 2561))
                (i64.const 8)))
            (local.set $x
              (i64.shr_u
                (i64.mul (i64.and (local.get $x) (i64.const 0x00FF00FF00FF00FF)) (i64.const 6553601))
                (i64.const 16)))
            (local.set $x
              (i64.shr_u
                (i64.mul (i64.and (local.get $x) (i64.const 0x0000FFFF0000FFFF)) (i64.const 42949672960001))
                (i64.const 32)))
            ;; The digits after the dot, the missing ones read as zeros: milliseconds.
            (local.set $valid
              (select
                (i32.sub (i32.shl (i32.const 1) (i32.shl (local.get $frac) (i32.const 3))) (i32.const 1))
                (i32.const 0)
                (i32.gt_s (local.get $frac) (i32.const 0))))
            (local.set $valid
              (i32.sub
                (i32.and (i32.load offset=11 (local.get $a)) (local.get $valid))
                (i32.and (i32.const 0x303030) (local.get $valid))))
            (local.set $m
              (i64.add
                (i64.mul
                  (i64.add
                    (i64.mul (local.get $x) (i64.const 100))
                    (i64.extend_i32_u
                      (i32.add
                        (i32.mul (i32.sub (i32.load8_u offset=8 (local.get $a)) (i32.const 48)) (i32.const 10))
                        (i32.sub (i32.load8_u offset=9 (local.get $a)) (i32.const 48)))))
                  (i64.const 1000))
                (i64.extend_i32_u
                  (i32.add
                    (i32.add
                      (i32.mul (i32.and (local.get $valid) (i32.const 0xff)) (i32.const 100))
                      (i32.mul
                        (i32.and (i32.shr_u (local.get $valid) (i32.const 8)) (i32.const 0xff))
                        (i32.const 10)))
                    (i32.shr_u (local.get $valid) (i32.const 16))))))
            (local.set $dated (i32.const 1))
            (local.set $pos (f64.min (f64.convert_i64_u (local.get $m)) (local.get $pos)))
            ;; A position dated before 1990 ("0000000001"): the general path decides (the
            ;; plausibility check refuses it), as for the other forms below.
            (if (f64.lt (local.get $pos) (f64.const 631152000000))
              (then (return (i32.const 7)))))
          (else
            ;; Any other form: read as Number() reads it, the time computed as position-time.ts
            ;; does (Math.round(x) is floor(x + 0.5) for these x: under 2^52, x + 0.5 is exact). A
            ;; time before 1990 goes to the general path, whose plausibility check refuses it.
            (local.set $age (call $decimal (local.get $k)))
            (if (i32.eq (global.get $cls) (i32.const 2)) (then (return (i32.const 7))))
            (if (i32.eq (global.get $cls) (i32.const 1))
              (then
                (local.set $dated (i32.const 1))
                (local.set $age (f64.sub (local.get $time) (local.get $age)))
                (local.set $pos
                  (f64.floor
                    (f64.add
                      (f64.sub
                        (local.get $pos)
                        (f64.mul
                          (select (local.get $age) (f64.const 0) (f64.gt (local.get $age) (f64.const 0)))
                          (f64.const 1000)))
                      (f64.const 0.5))))
                (if (f64.lt (local.get $pos) (f64.const 631152000000))
                  (then (return (i32.const 7))))))))))
    ;; Altitudes the plausibility check might refuse (40,000 m and above, negative, or irregular):
    ;; the general path decides.
    (if (i32.ge_s (global.get $iBaro) (i32.const 0))
      (then (if (i32.eqz (call $altitudeOk (global.get $iBaro))) (then (return (i32.const 7))))))
    (if (i32.ge_s (global.get $iGeo) (i32.const 0))
      (then (if (i32.eqz (call $altitudeOk (global.get $iGeo))) (then (return (i32.const 7))))))
    ;; Near an edge of any coverage box: built, and the boxes checked exactly.
    (local.set $inside (i32.const 0))
    (local.set $b (i32.const 0))
    (block $boxed
      (loop $box
        (br_if $boxed (i32.ge_u (local.get $b) (global.get $boxCount)))
        (local.set $bx (i32.add (i32.const 0x618000) (i32.mul (local.get $b) (i32.const 48))))
        (if (call $inBox (local.get $bx) (local.get $lonLo) (local.get $lonHi) (local.get $latLo) (local.get $latHi))
          (then (local.set $inside (i32.const 1)))
          (else
            (if (i32.eqz
                  (i32.or
                    (i32.or
                      (i32.le_s (local.get $lonHi) (i32.load offset=16 (local.get $bx)))
                      (i32.ge_s (local.get $lonLo) (i32.load offset=24 (local.get $bx))))
                    (i32.or
                      (i32.le_s (local.get $latHi) (i32.load offset=20 (local.get $bx)))
                      (i32.ge_s (local.get $latLo) (i32.load offset=28 (local.get $bx))))))
              (then
                (global.set $rowPos (local.get $pos))
                (global.set $rowDated (local.get $dated))
                (return (i32.const 6))))))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $box)))
    ;; Watched? Asked of the aircraft table, which stays in the core's cache: the 2 MiB bitmaps
    ;; are asked only for an aircraft not met before (a global dump cycles through some 17,000
    ;; aircraft, a different cache line of each bitmap for each, missed on most rows). An aircraft
    ;; the full table cannot take is left to the JavaScript side, row by row.
    (local.set $slot (call $slot (local.get $addr)))
    (if (i32.lt_s (local.get $slot) (i32.const 0)) (then (return (i32.const 7))))
    (local.set $at (i32.add (i32.const 0x620000) (i32.shl (local.get $slot) (i32.const 3))))
    (local.set $e (i32.load (local.get $at)))
    (if (i32.and (local.get $e) (i32.const 0x40000000))
      (then
        (global.set $rowPos (local.get $pos))
        (global.set $rowDated (local.get $dated))
        (return (i32.const 6))))
    ;; A position dated by lastposupdate that the aircraft's last one was dated by too is the same
    ;; fix written again (position-time.ts): skipped. What the last one was is known only once the
    ;; rows of this aircraft handed over are settled: until then the row waits. An aircraft whose
    ;; last dated position is kept on the JavaScript side, or a position too far from $base to be
    ;; kept here, is left to that side.
    (if (local.get $dated)
      (then
        (if (i32.or (global.get $blocked) (i32.and (local.get $e) (i32.const 0x11000000)))
          (then
            (return
              (select (i32.const 7) (i32.const 11) (i32.and (local.get $e) (i32.const 0x10000000))))))
        (local.set $x (call $offset (i64.trunc_f64_u (local.get $pos))))
        (if (i64.ge_u (local.get $x) (i64.const 0xffffffff)) (then (return (i32.const 7))))
        (local.set $k (i32.wrap_i64 (local.get $x)))
        (local.set $len (i32.load offset=4 (local.get $at)))
        (if (i32.eq (local.get $len) (local.get $k)) (then (return (i32.const 10))))
        (if (i32.eq (local.get $len) (i32.const -1))
          (then (call $first (local.get $slot) (global.get $lineNo) (local.get $pos))))
        (i32.store offset=4 (local.get $at) (local.get $k))))
    (if (i32.eqz (i32.and (local.get $e) (i32.const 0x08000000)))
      (then (i32.store (local.get $at) (i32.or (local.get $e) (i32.const 0x08000000)))))
    (global.set $used (i32.add (global.get $used) (i32.const 1)))
    (if (f64.lt (local.get $pos) (global.get $minTime)) (then (global.set $minTime (local.get $pos))))
    (if (f64.gt (local.get $pos) (global.get $maxTime)) (then (global.set $maxTime (local.get $pos))))
    ;; Inside a box: the hour is covered near its region (by other traffic too unless a candidate),
    ;; recorded as an event when it is not the hour last recorded for that box (inputs are mostly
    ;; in time order).
    (if (local.get $inside)
      (then
        (local.set $hour (i32.trunc_f64_u (f64.div (local.get $pos) (f64.const 3600000))))
        (local.set $other (i32.eqz (i32.and (local.get $e) (i32.const 0x20000000))))
        (local.set $b (i32.const 0))
        (block $marked
          (loop $mark
            (br_if $marked (i32.ge_u (local.get $b) (global.get $boxCount)))
            (local.set $bx (i32.add (i32.const 0x618000) (i32.mul (local.get $b) (i32.const 48))))
            (if (call $inBox (local.get $bx) (local.get $lonLo) (local.get $lonHi) (local.get $latLo) (local.get $latHi))
              (then
                (if (i32.ne (local.get $hour) (i32.load offset=32 (local.get $bx)))
                  (then
                    (i32.store offset=32 (local.get $bx) (local.get $hour))
                    (call $emit (local.get $hour) (i32.shl (local.get $b) (i32.const 1)) (i32.const 9))))
                (if (i32.and
                      (local.get $other)
                      (i32.ne (local.get $hour) (i32.load offset=36 (local.get $bx))))
                  (then
                    (i32.store offset=36 (local.get $bx) (local.get $hour))
                    (call $emit
                      (local.get $hour)
                      (i32.or (i32.shl (local.get $b) (i32.const 1)) (i32.const 1))
                      (i32.const 9))))))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $mark)))))
    (i32.const 0))

  ;; Whether coordinates (bounds in units of 1e-4 degree) lie surely inside the inner bounds of the
  ;; coverage box at $bx.
  (func $inBox (param $bx i32) (param $lonLo i32) (param $lonHi i32) (param $latLo i32) (param $latHi i32) (result i32)
    (i32.and
      (i32.and
        (i32.ge_s (local.get $lonLo) (i32.load (local.get $bx)))
        (i32.le_s (local.get $lonHi) (i32.load offset=8 (local.get $bx))))
      (i32.and
        (i32.ge_s (local.get $latLo) (i32.load offset=4 (local.get $bx)))
        (i32.le_s (local.get $latHi) (i32.load offset=12 (local.get $bx))))))

  ;; The aircraft table's slot of an aircraft (linear probing from a multiplicative hash of its
  ;; address); an aircraft not yet there is added, with what the watch bitmap says, the table
  ;; doubled first when it is 5/8 full; -1 when it is full at its largest.
  (func $slot (param $addr i32) (result i32)
    (local $slot i32)
    (local $e i32)
    (local $mask i32)
    (local.set $mask (i32.sub (i32.shl (i32.const 1) (global.get $tableBits)) (i32.const 1)))
    (local.set $slot
      (i32.shr_u
        (i32.mul (local.get $addr) (i32.const 0x9e3779b1))
        (i32.sub (i32.const 32) (global.get $tableBits))))
    (loop $probe
      (local.set $e (i32.load offset=0x620000 (i32.shl (local.get $slot) (i32.const 3))))
      (if (local.get $e)
        (then
          (if (i32.eq (i32.and (local.get $e) (i32.const 0xffffff)) (local.get $addr))
            (then (return (local.get $slot))))
          (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
          (br $probe))))
    (if (i32.ge_u
          (i32.shl (global.get $tableCount) (i32.const 3))
          (i32.mul (i32.add (local.get $mask) (i32.const 1)) (i32.const 5)))
      (then
        (if (i32.ge_u (global.get $tableBits) (i32.const 18)) (then (return (i32.const -1))))
        (call $grow)
        (local.set $mask (i32.sub (i32.shl (i32.const 1) (global.get $tableBits)) (i32.const 1)))
        (local.set $slot
          (i32.shr_u
            (i32.mul (local.get $addr) (i32.const 0x9e3779b1))
            (i32.sub (i32.const 32) (global.get $tableBits))))
        (loop $empty
          (if (i32.load offset=0x620000 (i32.shl (local.get $slot) (i32.const 3)))
            (then
              (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
              (br $empty))))))
    ;; What the bitmaps say of it, asked once: watched, and a candidate (the coverage of a box
    ;; asks that of every row inside it, and a bitmap's line is missed on most such rows). A
    ;; bitmap's bits are read only in a block its block byte marks: the others were never written.
    (local.set $e
      (i32.or
        (if (result i32) (i32.load8_u offset=0x61f000 (i32.shr_u (local.get $addr) (i32.const 15)))
          (then
            (i32.shl
              (i32.and
                (i32.shr_u
                  (i32.load8_u (i32.shr_u (local.get $addr) (i32.const 3)))
                  (i32.and (local.get $addr) (i32.const 7)))
                (i32.const 1))
              (i32.const 30)))
          (else (i32.const 0)))
        (if (result i32) (i32.load8_u offset=0x61f200 (i32.shr_u (local.get $addr) (i32.const 15)))
          (then
            (i32.shl
              (i32.and
                (i32.shr_u
                  (i32.load8_u offset=0x400000 (i32.shr_u (local.get $addr) (i32.const 3)))
                  (i32.and (local.get $addr) (i32.const 7)))
                (i32.const 1))
              (i32.const 29)))
          (else (i32.const 0)))))
    (i32.store offset=0x620000
      (i32.shl (local.get $slot) (i32.const 3))
      (i32.or (i32.or (local.get $addr) (i32.const 0x80000000)) (local.get $e)))
    (i32.store offset=0x620004 (i32.shl (local.get $slot) (i32.const 3)) (i32.const -1))
    (global.set $tableCount (i32.add (global.get $tableCount) (i32.const 1)))
    (local.get $slot))

  ;; (out of line: once each time the table doubles)
  ;; Doubles the table: its slots, and each slot's first line and time, are copied aside and put
  ;; back where the larger table has them. Held aircraft are let go, and every row that asks for
  ;; its aircraft's last position waits for the next scan instead (their slots have moved).
  (func $grow
    (local $n i32)
    (local $i i32)
    (local $e i32)
    (local $slot i32)
    (local $mask i32)
    (local.set $n (i32.shl (i32.const 1) (global.get $tableBits)))
    (loop $copy
      (i64.store offset=0xB20000
        (i32.shl (local.get $i) (i32.const 3))
        (i64.load offset=0x620000 (i32.shl (local.get $i) (i32.const 3))))
      (i32.store offset=0xC20000
        (i32.shl (local.get $i) (i32.const 2))
        (i32.load offset=0x820000 (i32.shl (local.get $i) (i32.const 2))))
      (f64.store offset=0xCA0000
        (i32.shl (local.get $i) (i32.const 3))
        (f64.load offset=0x920000 (i32.shl (local.get $i) (i32.const 3))))
      (i64.store offset=0x620000 (i32.shl (local.get $i) (i32.const 3)) (i64.const 0))
      (i64.store offset=0x620000
        (i32.shl (i32.add (local.get $i) (local.get $n)) (i32.const 3))
        (i64.const 0))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $copy (i32.lt_u (local.get $i) (local.get $n))))
    (global.set $tableBits (i32.add (global.get $tableBits) (i32.const 1)))
    (local.set $mask (i32.sub (i32.shl (local.get $n) (i32.const 1)) (i32.const 1)))
    (local.set $i (i32.const 0))
    (loop $move
      (local.set $e (i32.load offset=0xB20000 (i32.shl (local.get $i) (i32.const 3))))
      (if (local.get $e)
        (then
          (local.set $slot
            (i32.shr_u
              (i32.mul (i32.and (local.get $e) (i32.const 0xffffff)) (i32.const 0x9e3779b1))
              (i32.sub (i32.const 32) (global.get $tableBits))))
          (loop $empty
            (if (i32.load offset=0x620000 (i32.shl (local.get $slot) (i32.const 3)))
              (then
                (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
                (br $empty))))
          (i32.store offset=0x620000
            (i32.shl (local.get $slot) (i32.const 3))
            (i32.and (local.get $e) (i32.const 0xfeffffff)))
          (i32.store offset=0x620004
            (i32.shl (local.get $slot) (i32.const 3))
            (i32.load offset=0xB20004 (i32.shl (local.get $i) (i32.const 3))))
          (i32.store offset=0x820000
            (i32.shl (local.get $slot) (i32.const 2))
            (i32.load offset=0xC20000 (i32.shl (local.get $i) (i32.const 2))))
          (f64.store offset=0x920000
            (i32.shl (local.get $slot) (i32.const 3))
            (f64.load offset=0xCA0000 (i32.shl (local.get $i) (i32.const 3))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $move (i32.lt_u (local.get $i) (local.get $n))))
    (if (global.get $held) (then (global.set $blocked (i32.const 1))))
    (global.set $held (i32.const 0)))

  ;; A dated position's time (ms) as kept in the table: ms after $base (set by the first one
  ;; asked, a day before it); 2^32 - 1 or more when it cannot be kept there.
  (func $offset (param $time i64) (result i64)
    (if (i32.eqz (global.get $baseSet))
      (then
        (global.set $base (i64.sub (local.get $time) (i64.const 86400000)))
        (global.set $baseSet (i32.const 1))))
    (i64.sub (local.get $time) (global.get $base)))

  ;; Records a slot's first dated position: its line and time.
  (func $first (param $slot i32) (param $line i32) (param $time f64)
    (i32.store offset=0x820000 (i32.shl (local.get $slot) (i32.const 2)) (local.get $line))
    (f64.store offset=0x920000 (i32.shl (local.get $slot) (i32.const 3)) (local.get $time)))

  ;; A row handed to the JavaScript side may be a position that its aircraft's next rows repeat,
  ;; which is known only once that side has read it: its aircraft is held (a row of it that asks
  ;; for its last position then waits) until the next scan, which starts after every row handed
  ;; over is settled. A row whose address was not read here holds every aircraft.
  (func $hold
    (local $slot i32)
    (local $at i32)
    (if (i32.lt_s (global.get $rowAddr) (i32.const 0))
      (then
        (global.set $blocked (i32.const 1))
        (return)))
    (local.set $slot (call $slot (global.get $rowAddr)))
    ;; Not in the full table: every row of the aircraft goes to the JavaScript side anyway.
    (if (i32.lt_s (local.get $slot) (i32.const 0)) (then (return)))
    (local.set $at (i32.add (i32.const 0x620000) (i32.shl (local.get $slot) (i32.const 3))))
    (if (i32.and (i32.load (local.get $at)) (i32.const 0x01000000)) (then (return)))
    (i32.store (local.get $at) (i32.or (i32.load (local.get $at)) (i32.const 0x01000000)))
    (i32.store offset=0x611000 (i32.shl (global.get $held) (i32.const 2)) (local.get $slot))
    (global.set $held (i32.add (global.get $held) (i32.const 1))))

  ;; Releases the aircraft held during the last scan.
  (func $release
    (local $k i32)
    (local $at i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (global.get $held)))
        (local.set $at
          (i32.add
            (i32.const 0x620000)
            (i32.shl (i32.load offset=0x611000 (i32.shl (local.get $k) (i32.const 2))) (i32.const 3))))
        (i32.store (local.get $at) (i32.and (i32.load (local.get $at)) (i32.const 0xfeffffff)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (global.set $held (i32.const 0))
    (global.set $blocked (i32.const 0)))

  ;; For a position the JavaScript side read (dated by lastposupdate, at `time` ms, on `line`, built
  ;; there when `built`): 1 when it repeats its aircraft's last position, else 0 (it is remembered
  ;; as the last); 2 when the full table cannot take the aircraft, and 3 when the aircraft's last
  ;; dated position is kept on the JavaScript side (from now on, when `time` is too far from
  ;; $base): that side decides then.
  (func (export "check") (param $addr i32) (param $time f64) (param $line i32) (param $built i32)
    (result i32)
    (local $slot i32)
    (local $at i32)
    (local $e i32)
    (local $off i64)
    (local.set $slot (call $slot (local.get $addr)))
    (if (i32.lt_s (local.get $slot) (i32.const 0)) (then (return (i32.const 2))))
    (local.set $at (i32.add (i32.const 0x620000) (i32.shl (local.get $slot) (i32.const 3))))
    (local.set $e (i32.load (local.get $at)))
    (if (i32.and (local.get $e) (i32.const 0x10000000)) (then (return (i32.const 3))))
    (local.set $off (call $offset (i64.trunc_f64_u (local.get $time))))
    (if (i64.ge_u (local.get $off) (i64.const 0xffffffff))
      (then
        (i32.store (local.get $at) (i32.or (local.get $e) (i32.const 0x10000000)))
        (return (i32.const 3))))
    (call $remember
      (local.get $slot)
      (i32.wrap_i64 (local.get $off))
      (local.get $time)
      (local.get $line)
      (local.get $built)))

  ;; The rest of `check` for an aircraft's slot and a time kept there (as its offset, $key): 1 when
  ;; it repeats the aircraft's last dated position, else 0, the time remembered as the last (and
  ;; as the first, with its line and whether it was built, when there was none).
  (func $remember (param $slot i32) (param $key i32) (param $time f64) (param $line i32) (param $built i32)
    (result i32)
    (local $at i32)
    (local.set $at (i32.add (i32.const 0x620000) (i32.shl (local.get $slot) (i32.const 3))))
    (if (i32.eq (i32.load offset=4 (local.get $at)) (local.get $key)) (then (return (i32.const 1))))
    (if (i32.eq (i32.load offset=4 (local.get $at)) (i32.const -1))
      (then
        (i32.store
          (local.get $at)
          (i32.or
            (i32.load (local.get $at))
            (select (i32.const 0x04000000) (i32.const 0) (local.get $built))))
        (call $first (local.get $slot) (local.get $line) (local.get $time))))
    (i32.store offset=4 (local.get $at) (local.get $key))
    (i32.const 0))

  ;; (out of line: a watched aircraft's row only)
  ;; For a row handed over as watched or near a box's edge, just recorded ($record, at the next
  ;; event's place): 0 when it is a watched aircraft's row the JavaScript side takes whole from the
  ;; record (its five numbers read exactly, its place a fix's, its time and altitude ones the
  ;; plausibility check takes) and its position is new, remembered as the aircraft's last here as
  ;; `check` would (built: that side builds a watched aircraft's rows wherever they lie); 1 when
  ;; such a row repeats the last (skipped); 2 for any other row, which that side reads and asks
  ;; about, in line order with the rows handed over before it (their aircraft held till then).
  (func $fixOf (result i32)
    (local $at i32)
    (local $flags i32)
    (local $lat f64)
    (local $lon f64)
    (local $slot i32)
    (local $e i32)
    (local $off i64)
    (local.set $at (i32.add (i32.const 0xDA0000) (i32.mul (global.get $events) (i32.const 80))))
    (local.set $flags (i32.load offset=48 (local.get $at)))
    ;; Whole, latitude and longitude read as doubles, no number left to Number().
    (if (i32.or
          (i32.ne (i32.and (local.get $flags) (i32.const 0x100f)) (i32.const 0x1005))
          (i32.or
            (i32.eq (i32.and (local.get $flags) (i32.const 0x30)) (i32.const 0x30))
            (i32.or
              (i32.eq (i32.and (local.get $flags) (i32.const 0xc0)) (i32.const 0xc0))
              (i32.eq (i32.and (local.get $flags) (i32.const 0x300)) (i32.const 0x300)))))
      (then (return (i32.const 2))))
    ;; isFixLatLon.
    (local.set $lat (f64.load offset=8 (local.get $at)))
    (local.set $lon (f64.load offset=16 (local.get $at)))
    (if (i32.or
          (i32.or
            (i32.or (f64.lt (local.get $lat) (f64.const -90)) (f64.gt (local.get $lat) (f64.const 90)))
            (i32.or (f64.lt (local.get $lon) (f64.const -180)) (f64.gt (local.get $lon) (f64.const 180))))
          (i32.and (f64.eq (local.get $lat) (f64.const 0)) (f64.eq (local.get $lon) (f64.const 0))))
      (then (return (i32.const 2))))
    ;; The plausibility check's times: from 1990 to before 2100 (its altitudes are $altitudeOk's).
    (if (i32.or
          (f64.lt (global.get $rowPos) (f64.const 631152000000))
          (f64.ge (global.get $rowPos) (f64.const 4102444800000)))
      (then (return (i32.const 2))))
    (local.set $slot (call $slot (global.get $rowAddr)))
    (if (i32.lt_s (local.get $slot) (i32.const 0)) (then (return (i32.const 2))))
    (local.set $e (i32.load offset=0x620000 (i32.shl (local.get $slot) (i32.const 3))))
    (if (i32.eqz (i32.and (local.get $e) (i32.const 0x40000000))) (then (return (i32.const 2))))
    (if (i32.eqz (global.get $rowDated)) (then (return (i32.const 0))))
    ;; Held (a row of it handed over waits to be settled) or kept on the JavaScript side.
    (if (i32.or (global.get $blocked) (i32.and (local.get $e) (i32.const 0x11000000)))
      (then (return (i32.const 2))))
    ;; Nor does it set $base: the rows the JavaScript side settles after it would then be kept
    ;; here or not by another base than theirs would have set (and their aircraft's ends with them).
    (if (i32.eqz (global.get $baseSet)) (then (return (i32.const 2))))
    (local.set $off (call $offset (i64.trunc_f64_u (global.get $rowPos))))
    (if (i64.ge_u (local.get $off) (i64.const 0xffffffff)) (then (return (i32.const 2))))
    (call $remember
      (local.get $slot)
      (i32.wrap_i64 (local.get $off))
      (global.get $rowPos)
      (global.get $lineNo)
      (i32.const 1)))

  ;; The entry of the last tuples (0x300000) for the current row's aircraft, or the empty one where
  ;; it would go (its first word then 0); the table is never more than 3/4 full.
  (func $tupleEntry (result i32)
    (local $h i32)
    (local $t i32)
    (local.set $h (i32.shr_u (i32.mul (global.get $rowAddr) (i32.const 0x9e3779b1)) (i32.const 20)))
    (loop $probe
      (local.set $t (i32.add (i32.const 0x300000) (i32.shl (local.get $h) (i32.const 5))))
      (if (i32.load (local.get $t))
        (then
          (if (i32.ne (i32.load (local.get $t)) (i32.or (global.get $rowAddr) (i32.const 0x80000000)))
            (then
              (local.set $h (i32.and (i32.add (local.get $h) (i32.const 1)) (i32.const 4095)))
              (br $probe))))))
    (local.get $t))

  ;; The current row is handed over otherwise than as a fix the JavaScript side takes whole: that
  ;; side may take it as a fix all the same (read from its record or bytes), on a tuple of its
  ;; own, so its aircraft (any aircraft, when its address was not read) has no last tuple here
  ;; any more.
  (func $forgetRow
    (local $t i32)
    (if (i32.eqz (global.get $tupleCount)) (then (return)))
    (if (i32.lt_s (global.get $rowAddr) (i32.const 0))
      (then
        (global.set $tupleGen (i32.add (global.get $tupleGen) (i32.const 1)))
        (return)))
    (local.set $t (call $tupleEntry))
    ;; An empty entry's word 1 is 0 already.
    (i32.store offset=4 (local.get $t) (i32.const 0)))

  ;; JavaScript's Math.round: the integer nearest, halves towards +infinity.
  (func $round (param $x f64) (result f64)
    (local $r f64)
    (local.set $r (f64.ceil (local.get $x)))
    (select
      (f64.sub (local.get $r) (f64.const 1))
      (local.get $r)
      (f64.gt (f64.sub (local.get $r) (f64.const 0.5)) (local.get $x))))

  ;; (out of line: a watched aircraft's row only)
  ;; For a row $fixOf found to be taken whole (its record at the next event's place), with
  ;; $kernelFixes set: 1 when it is written as a kernel fix (see 0x320000) instead of handed over,
  ;; because its aircraft's last row handed over had the same tuple (callsign, squawk, ground) and
  ;; both lie outside every box's outer bounds, so the JavaScript side would have given it that
  ;; tuple. Else 0: the row is handed over as event 12, and becomes its aircraft's last tuple when
  ;; it too lies outside every box with a plausible altitude (that side then takes it as a fix);
  ;; otherwise the aircraft has no last tuple until one is.
  (func $kernelFix (result i32)
    (local $at i32)
    (local $flags i32)
    (local $lat f64)
    (local $lon f64)
    (local $b i32)
    (local $box i32)
    (local $out i32)
    (local $cs i32)
    (local $len i32)
    (local $bytes i64)
    (local $meta i32)
    (local $squawk i32)
    (local $t i32)
    (local $key i32)
    (local $found i32)
    (local $alt f64)
    (local $col i32)
    (if (i32.eqz (global.get $kernelFixes)) (then (return (i32.const 0))))
    ;; Never past the columns, whatever the event limit was set to: handed over, the row may
    ;; change its aircraft's tuple there.
    (if (i32.ge_u (global.get $fixCount) (i32.const 4096))
      (then
        (call $forgetRow)
        (return (i32.const 0))))
    (local.set $at (i32.add (i32.const 0xDA0000) (i32.mul (global.get $events) (i32.const 80))))
    (local.set $flags (i32.load offset=48 (local.get $at)))
    (local.set $lat (f64.mul (f64.load offset=8 (local.get $at)) (f64.const 10000)))
    (local.set $lon (f64.mul (f64.load offset=16 (local.get $at)) (f64.const 10000)))
    ;; Outside every box: beyond its outer bounds (in 1e-4 degree) on some side.
    (local.set $out (i32.const 1))
    (block $boxes
      (loop $next
        (br_if $boxes (i32.ge_u (local.get $b) (global.get $boxCount)))
        (local.set $box (i32.add (i32.const 0x618010) (i32.mul (local.get $b) (i32.const 48))))
        (if (i32.and
              (i32.and
                (f64.ge (local.get $lon) (f64.convert_i32_s (i32.load (local.get $box))))
                (f64.le (local.get $lon) (f64.convert_i32_s (i32.load offset=8 (local.get $box)))))
              (i32.and
                (f64.ge (local.get $lat) (f64.convert_i32_s (i32.load offset=4 (local.get $box))))
                (f64.le (local.get $lat) (f64.convert_i32_s (i32.load offset=12 (local.get $box))))))
          (then
            (local.set $out (i32.const 0))
            (br $boxes)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $next)))
    ;; The altitude as the JavaScript side makes it: 0 on the ground, none when missing.
    (local.set $alt
      (if (result f64) (i32.and (local.get $flags) (i32.const 0x400))
        (then (f64.const 0))
        (else
          (if (result f64) (i32.eq (i32.and (local.get $flags) (i32.const 0x30)) (i32.const 0x10))
            (then (call $round (f64.mul (f64.load offset=24 (local.get $at)) (global.get $ftPerM))))
            (else (f64.const nan))))))
    (if (i32.eqz (f64.ne (local.get $alt) (local.get $alt)))
      (then
        (if (i32.or
              (f64.lt (local.get $alt) (global.get $lowestFt))
              (f64.gt (local.get $alt) (global.get $highestFt)))
          (then (local.set $out (i32.const 0))))))
    ;; The tuple: the callsign's trimmed bytes (up to 8), its length and the ground state; the squawk.
    (local.set $cs (i32.load offset=56 (local.get $at)))
    (local.set $len (i32.sub (i32.load offset=60 (local.get $at)) (local.get $cs)))
    (if (i32.gt_u (local.get $len) (i32.const 8)) (then (local.set $out (i32.const 0))))
    (if (i32.and (local.get $out) (i32.ne (local.get $len) (i32.const 0)))
      (then
        (local.set $bytes
          (i64.and
            (i64.load (local.get $cs))
            (i64.shr_u
              (i64.const -1)
              (i64.extend_i32_u (i32.shl (i32.sub (i32.const 8) (local.get $len)) (i32.const 3))))))))
    (local.set $meta
      (i32.or
        (i32.const 0x100)
        (i32.or
          (local.get $len)
          (i32.shl (i32.and (i32.shr_u (local.get $flags) (i32.const 10)) (i32.const 1)) (i32.const 4)))))
    (local.set $squawk (i32.load offset=52 (local.get $at)))
    ;; The aircraft's entry (or the empty one where it would go).
    (local.set $key (i32.or (global.get $rowAddr) (i32.const 0x80000000)))
    (local.set $t (call $tupleEntry))
    (local.set $found (i32.eq (i32.load (local.get $t)) (local.get $key)))
    (if (i32.eqz (local.get $out))
      (then
        ;; (An empty entry's word 1 is 0 already.)
        (i32.store offset=4 (local.get $t) (i32.const 0))
        (return (i32.const 0))))
    (if (i32.and
          (local.get $found)
          (i32.and
            (i32.and
              (i32.eq (i32.load offset=4 (local.get $t)) (local.get $meta))
              (i32.eq (i32.load offset=8 (local.get $t)) (local.get $squawk)))
            (i32.and
              (i32.eq (i32.load offset=12 (local.get $t)) (global.get $tupleGen))
              (i64.eq (i64.load offset=16 (local.get $t)) (local.get $bytes)))))
      (then
        (local.set $col (i32.add (i32.const 0x320000) (i32.shl (global.get $fixCount) (i32.const 3))))
        (f64.store (local.get $col) (f64.load (local.get $at)))
        (f64.store offset=0x8000 (local.get $col) (f64.load offset=8 (local.get $at)))
        (f64.store offset=0x10000 (local.get $col) (f64.load offset=16 (local.get $at)))
        (f64.store offset=0x18000 (local.get $col) (local.get $alt))
        (f64.store offset=0x20000
          (local.get $col)
          (if (result f64) (i32.eq (i32.and (local.get $flags) (i32.const 0xc0)) (i32.const 0x40))
            (then (f64.mul (f64.load offset=32 (local.get $at)) (global.get $ktPerMps)))
            (else (f64.const nan))))
        (f64.store offset=0x28000
          (local.get $col)
          (if (result f64) (i32.eq (i32.and (local.get $flags) (i32.const 0x300)) (i32.const 0x100))
            (then (f64.load offset=40 (local.get $at)))
            (else (f64.const nan))))
        (f64.store offset=0x30000 (local.get $col) (f64.convert_i32_s (global.get $lineNo)))
        (i32.store offset=0x358000
          (i32.shl (global.get $fixCount) (i32.const 2))
          (global.get $rowAddr))
        (global.set $fixCount (i32.add (global.get $fixCount) (i32.const 1)))
        ;; The columns full: the scan stops before the next line, as at its event limit (which
        ;; the JavaScript side sets again once it has moved the fixes).
        (if (i32.eq (global.get $fixCount) (i32.const 4096)) (then (global.set $eventLimit (i32.const 0))))
        (return (i32.const 1))))
    ;; Handed over: its tuple is the aircraft's last (a new entry only while the table has room).
    (if (i32.eqz (local.get $found))
      (then
        (if (i32.ge_u (global.get $tupleCount) (i32.const 3072)) (then (return (i32.const 0))))
        (i32.store (local.get $t) (local.get $key))
        (global.set $tupleCount (i32.add (global.get $tupleCount) (i32.const 1)))))
    (i32.store offset=4 (local.get $t) (local.get $meta))
    (i32.store offset=8 (local.get $t) (local.get $squawk))
    (i32.store offset=12 (local.get $t) (global.get $tupleGen))
    (i64.store offset=16 (local.get $t) (local.get $bytes))
    (i32.const 0))

  ;; Writes, from `at` on, each aircraft's first and last dated positions as four f64: its
  ;; address, the first's time, the first's line × 2 + 1 when it was built on the JavaScript side,
  ;; and the last's time; returns how many aircraft (for joining byte ranges: see DatedEnds).
  (func (export "ends") (param $at i32) (result i32)
    (local $slot i32)
    (local $e i32)
    (local $n i32)
    (local $end i32)
    (local.set $end (i32.shl (i32.const 1) (global.get $tableBits)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $slot) (local.get $end)))
        (local.set $e (i32.load offset=0x620000 (i32.shl (local.get $slot) (i32.const 3))))
        (if (i32.and
              (i32.ne (local.get $e) (i32.const 0))
              (i32.ne
                (i32.load offset=0x620004 (i32.shl (local.get $slot) (i32.const 3)))
                (i32.const -1)))
          (then
            (f64.store (local.get $at) (f64.convert_i32_u (i32.and (local.get $e) (i32.const 0xffffff))))
            (f64.store offset=8
              (local.get $at)
              (f64.load offset=0x920000 (i32.shl (local.get $slot) (i32.const 3))))
            (f64.store offset=16
              (local.get $at)
              (f64.convert_i32_u
                (i32.or
                  (i32.shl
                    (i32.load offset=0x820000 (i32.shl (local.get $slot) (i32.const 2)))
                    (i32.const 1))
                  (i32.shr_u (i32.and (local.get $e) (i32.const 0x04000000)) (i32.const 26)))))
            (f64.store offset=24
              (local.get $at)
              (f64.convert_i64_u
                (i64.add
                  (global.get $base)
                  (i64.extend_i32_u
                    (i32.load offset=0x620004 (i32.shl (local.get $slot) (i32.const 3)))))))
            (local.set $at (i32.add (local.get $at) (i32.const 32)))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $slot (i32.add (local.get $slot) (i32.const 1)))
        (br $next)))
    (local.get $n))

  ;; Empties the aircraft table (back to its smallest size), the aircraft with rows counted here
  ;; into the seen list; returns how many there are. Held aircraft are let go with it. (A list, not
  ;; a bitmap: setting a byte range's 17,000 aircraft at random in 2 MiB, then reading the 2 MiB
  ;; back in order, took 5-8 ms a range; the whole 1 GB hour's report is 50 ms faster.)
  (func $flush (export "flush") (result i32)
    (local $slot i32)
    (local $e i32)
    (local $n i32)
    (local $seen i32)
    (global.set $held (i32.const 0))
    (global.set $blocked (i32.const 0))
    (global.set $baseSet (i32.const 0))
    (if (global.get $tupleCount)
      (then
        (loop $clear
          (v128.store offset=0x300000 (local.get $slot) (v128.const i64x2 0 0))
          (local.set $slot (i32.add (local.get $slot) (i32.const 16)))
          (br_if $clear (i32.lt_u (local.get $slot) (i32.const 0x20000))))
        (local.set $slot (i32.const 0))
        (global.set $tupleCount (i32.const 0))))
    (local.set $n (i32.shl (i32.const 1) (global.get $tableBits)))
    (if (i32.eqz (global.get $tableCount)) (then (return (i32.const 0))))
    (loop $next
      (local.set $e (i32.load offset=0x620000 (i32.shl (local.get $slot) (i32.const 3))))
      (if (i32.and (local.get $e) (i32.const 0x08000000))
        (then
          (i32.store offset=0x200000
            (i32.shl (local.get $seen) (i32.const 2))
            (i32.and (local.get $e) (i32.const 0xffffff)))
          (local.set $seen (i32.add (local.get $seen) (i32.const 1)))))
      (i64.store offset=0x620000 (i32.shl (local.get $slot) (i32.const 3)) (i64.const 0))
      (local.set $slot (i32.add (local.get $slot) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $slot) (local.get $n))))
    (global.set $tableBits (i32.const 15))
    (global.set $tableCount (i32.const 0))
    (local.get $seen))

  ;; Where field k of the current line starts and ends (the byte after it).
  (func $fieldStart (param $k i32) (result i32)
    (i32.add (i32.load offset=0x610000 (i32.shl (local.get $k) (i32.const 2))) (i32.const 1)))

  (func $fieldEnd (param $k i32) (result i32)
    (i32.load offset=0x610004 (i32.shl (local.get $k) (i32.const 2))))

  ;; The low half of the last $mul128.
  (global $low (mut i64) (i64.const 0))

  ;; a x b (unsigned, 64 bits each) as 128 bits: returns the high half, leaves the low in $low.
  (func $mul128 (param $a i64) (param $b i64) (result i64)
    (local $a0 i64)
    (local $a1 i64)
    (local $b0 i64)
    (local $b1 i64)
    (local $p00 i64)
    (local $p01 i64)
    (local $p10 i64)
    (local $mid i64)
    (local.set $a0 (i64.and (local.get $a) (i64.const 0xffffffff)))
    (local.set $a1 (i64.shr_u (local.get $a) (i64.const 32)))
    (local.set $b0 (i64.and (local.get $b) (i64.const 0xffffffff)))
    (local.set $b1 (i64.shr_u (local.get $b) (i64.const 32)))
    (local.set $p00 (i64.mul (local.get $a0) (local.get $b0)))
    (local.set $p01 (i64.mul (local.get $a0) (local.get $b1)))
    (local.set $p10 (i64.mul (local.get $a1) (local.get $b0)))
    ;; Below 3 x 2^32: no carry lost.
    (local.set $mid
      (i64.add
        (i64.add
          (i64.shr_u (local.get $p00) (i64.const 32))
          (i64.and (local.get $p01) (i64.const 0xffffffff)))
        (i64.and (local.get $p10) (i64.const 0xffffffff))))
    (global.set $low
      (i64.or
        (i64.shl (local.get $mid) (i64.const 32))
        (i64.and (local.get $p00) (i64.const 0xffffffff))))
    (i64.add
      (i64.add
        (i64.mul (local.get $a1) (local.get $b1))
        (i64.shr_u (local.get $p01) (i64.const 32)))
      (i64.add
        (i64.shr_u (local.get $p10) (i64.const 32))
        (i64.shr_u (local.get $mid) (i64.const 32)))))

  ;; -1, 0 or 1 as the 128-bit h1:l1 is below, equal to or above h2:l2 (unsigned).
  (func $compare128 (param $h1 i64) (param $l1 i64) (param $h2 i64) (param $l2 i64) (result i32)
    (if (i64.ne (local.get $h1) (local.get $h2))
      (then
        (return (select (i32.const -1) (i32.const 1) (i64.lt_u (local.get $h1) (local.get $h2))))))
    (if (i64.ne (local.get $l1) (local.get $l2))
      (then
        (return (select (i32.const -1) (i32.const 1) (i64.lt_u (local.get $l1) (local.get $l2))))))
    (i32.const 0))

  ;; m / 10^k (m below 2^64, k at most 18) rounded to the nearest double, ties to even, as Number()
  ;; reads the decimal: the quotient of the two doubles is within about an ulp of it, and which
  ;; double is nearest is settled exactly, comparing m x 2^(1-e) with (2M -/+ 1) x 10^k for the
  ;; candidate M x 2^e (the midpoints on either side) in 128-bit integers. NaN where that does not
  ;; hold (a candidate under 2^-10 or from 2^53 on, or a power of two, whose lower neighbour is
  ;; nearer than its upper; or no answer in three steps): Number() reads those.
  (func $longDecimal (param $m i64) (param $k i32) (result f64)
    (local $x f64)
    (local $bits i64)
    (local $mant i64)
    (local $shift i64)
    (local $pow i64)
    (local $hi i64)
    (local $lo i64)
    (local $below i32)
    (local $above i32)
    (local $steps i32)
    (if (i32.gt_u (local.get $k) (i32.const 18)) (then (return (f64.const nan))))
    (local.set $pow (i64.load offset=0x610400 (i32.shl (local.get $k) (i32.const 3))))
    (local.set $x
      (f64.div
        (f64.convert_i64_u (local.get $m))
        (f64.load offset=0x610500 (i32.shl (local.get $k) (i32.const 3)))))
    (loop $candidate
      (local.set $bits (i64.reinterpret_f64 (local.get $x)))
      (local.set $mant
        (i64.or (i64.and (local.get $bits) (i64.const 0xfffffffffffff)) (i64.const 0x10000000000000)))
      ;; x = mant x 2^e with e = exponent field - 1075; the shift is 1 - e.
      (local.set $shift (i64.sub (i64.const 1076) (i64.shr_u (local.get $bits) (i64.const 52))))
      (if (i32.or
            (i64.lt_s (local.get $shift) (i64.const 1))
            (i64.gt_s (local.get $shift) (i64.const 63)))
        (then (return (f64.const nan))))
      (if (i64.eq (local.get $mant) (i64.const 0x10000000000000)) (then (return (f64.const nan))))
      (local.set $hi (i64.shr_u (local.get $m) (i64.sub (i64.const 64) (local.get $shift))))
      (local.set $lo (i64.shl (local.get $m) (local.get $shift)))
      (local.set $below
        (call $compare128
          (local.get $hi)
          (local.get $lo)
          (call $mul128
            (i64.sub (i64.shl (local.get $mant) (i64.const 1)) (i64.const 1))
            (local.get $pow))
          (global.get $low)))
      (local.set $above
        (call $compare128
          (local.get $hi)
          (local.get $lo)
          (call $mul128
            (i64.add (i64.shl (local.get $mant) (i64.const 1)) (i64.const 1))
            (local.get $pow))
          (global.get $low)))
      (if (i32.and (i32.gt_s (local.get $below) (i32.const 0)) (i32.lt_s (local.get $above) (i32.const 0)))
        (then (return (local.get $x))))
      ;; On a midpoint: the one of the two doubles whose last bit is 0.
      (if (i32.eqz (local.get $below))
        (then
          (return
            (select
              (local.get $x)
              (f64.reinterpret_i64 (i64.sub (local.get $bits) (i64.const 1)))
              (i64.eqz (i64.and (local.get $mant) (i64.const 1)))))))
      (if (i32.eqz (local.get $above))
        (then
          (return
            (select
              (local.get $x)
              (f64.reinterpret_i64 (i64.add (local.get $bits) (i64.const 1)))
              (i64.eqz (i64.and (local.get $mant) (i64.const 1)))))))
      (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
      (if (i32.ge_u (local.get $steps) (i32.const 3)) (then (return (f64.const nan))))
      (local.set $x
        (f64.reinterpret_i64
          (select
            (i64.sub (local.get $bits) (i64.const 1))
            (i64.add (local.get $bits) (i64.const 1))
            (i32.lt_s (local.get $below) (i32.const 0)))))
      (br $candidate))
    (f64.const nan))

  ;; (out of line: six calls a watched row's record makes)
  ;; Field k (-1: no such column) as the byte reader's number() reads it, written at $at: returns 0
  ;; for none (no column, or an empty field), 1 for a number written as a double ([-]digits[.digits]
  ;; whose digits make an integer below 2^53: that integer over a power of ten, one correctly rounded
  ;; division, as the byte reader computes it; up to 19 digits, the double Number() gives, found by
  ;; $longDecimal), 3 for the same form that $longDecimal cannot settle, which the byte reader hands
  ;; to Number(): the field's start and end are written then (i32 each); and 2 for any other form,
  ;; which this kernel does not read.
  (func $number (param $k i32) (param $at i32) (result i32)
    (local $a i32)
    (local $b i32)
    (local $i i32)
    (local $c i32)
    (local $neg i32)
    (local $digits i32)
    (local $frac i32)
    (local $m i64)
    (local $v f64)
    (if (i32.lt_s (local.get $k) (i32.const 0)) (then (return (i32.const 0))))
    (local.set $a (call $fieldStart (local.get $k)))
    (local.set $b (call $fieldEnd (local.get $k)))
    (if (i32.eq (local.get $a) (local.get $b)) (then (return (i32.const 0))))
    (local.set $i (local.get $a))
    (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 45))
      (then
        (local.set $neg (i32.const 1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))))
    (local.set $frac (i32.const -1))
    (block $read
      (loop $next
        (br_if $read (i32.ge_u (local.get $i) (local.get $b)))
        (local.set $c (i32.load8_u (local.get $i)))
        (if (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))
          (then
            ;; 19 digits fit 64 bits; more make a number for Number() anyway.
            (if (i32.lt_u (local.get $digits) (i32.const 19))
              (then
                (local.set $m
                  (i64.add
                    (i64.mul (local.get $m) (i64.const 10))
                    (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))))
            (local.set $digits (i32.add (local.get $digits) (i32.const 1))))
          (else
            ;; One dot, after a digit.
            (if (i32.and
                  (i32.eq (local.get $c) (i32.const 46))
                  (i32.and
                    (i32.lt_s (local.get $frac) (i32.const 0))
                    (i32.gt_s (local.get $digits) (i32.const 0))))
              (then (local.set $frac (local.get $digits)))
              (else (return (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (if (i32.or (i32.eqz (local.get $digits)) (i32.eq (local.get $frac) (local.get $digits)))
      (then (return (i32.const 2))))
    (if (i32.or
          (i32.gt_u (local.get $digits) (i32.const 19))
          (i64.ge_u (local.get $m) (i64.const 9007199254740992)))
      (then
        ;; What Number() gives, where $longDecimal can tell it exactly.
        (if (i32.le_u (local.get $digits) (i32.const 19))
          (then
            (local.set $v
              (call $longDecimal
                (local.get $m)
                (select
                  (i32.sub (local.get $digits) (local.get $frac))
                  (i32.const 0)
                  (i32.ge_s (local.get $frac) (i32.const 0)))))
            (if (f64.eq (local.get $v) (local.get $v))
              (then
                (f64.store
                  (local.get $at)
                  (select (f64.neg (local.get $v)) (local.get $v) (local.get $neg)))
                (return (i32.const 1))))))
        (i32.store (local.get $at) (local.get $a))
        (i32.store offset=4 (local.get $at) (local.get $b))
        (return (i32.const 3))))
    ;; Below 2^53 the digits number at most 16: the power of ten is one of the table's.
    (local.set $v (f64.convert_i64_u (local.get $m)))
    (if (i32.ge_s (local.get $frac) (i32.const 0))
      (then
        (local.set $v
          (f64.div
            (local.get $v)
            (f64.load offset=0x610500
              (i32.shl (i32.sub (local.get $digits) (local.get $frac)) (i32.const 3)))))))
    (f64.store (local.get $at) (select (f64.neg (local.get $v)) (local.get $v) (local.get $neg)))
    (i32.const 1))

  ;; Field k as the byte reader's boolean(): 0 false (empty, "0", "false" in any case), 1 true ("1",
  ;; "true" in any case), 2 any other form.
  (func $boolean (param $k i32) (result i32)
    (local $a i32)
    (local $n i32)
    (local.set $a (call $fieldStart (local.get $k)))
    (local.set $n (i32.sub (call $fieldEnd (local.get $k)) (local.get $a)))
    (if (i32.eqz (local.get $n)) (then (return (i32.const 0))))
    (if (i32.eq (local.get $n) (i32.const 1))
      (then
        (return
          (select
            (i32.const 1)
            (select (i32.const 0) (i32.const 2) (i32.eq (i32.load8_u (local.get $a)) (i32.const 48)))
            (i32.eq (i32.load8_u (local.get $a)) (i32.const 49))))))
    ;; Each byte with bit 5 set, as the byte reader compares them: "true", "fals" + "e".
    (if (i32.eq (local.get $n) (i32.const 4))
      (then
        (return
          (select
            (i32.const 1)
            (i32.const 2)
            (i32.eq (i32.or (i32.load (local.get $a)) (i32.const 0x20202020)) (i32.const 0x65757274))))))
    (if (i32.eq (local.get $n) (i32.const 5))
      (then
        (return
          (select
            (i32.const 0)
            (i32.const 2)
            (i32.and
              (i32.eq (i32.or (i32.load (local.get $a)) (i32.const 0x20202020)) (i32.const 0x736c6166))
              (i32.eq (i32.or (i32.load8_u offset=4 (local.get $a)) (i32.const 0x20)) (i32.const 0x65)))))))
    (i32.const 2))

  ;; Field k (-1: no such column) as the byte reader's squawk(): one to four octal digits as their
  ;; value, -1 for none, -2 for a byte outside printable ASCII.
  (func $squawk (param $k i32) (result i32)
    (local $a i32)
    (local $b i32)
    (local $c i32)
    (local $v i32)
    (local $octal i32)
    (if (i32.lt_s (local.get $k) (i32.const 0)) (then (return (i32.const -1))))
    (local.set $a (call $fieldStart (local.get $k)))
    (local.set $b (call $fieldEnd (local.get $k)))
    (local.set $octal
      (i32.le_u (i32.sub (i32.sub (local.get $b) (local.get $a)) (i32.const 1)) (i32.const 3)))
    (block $read
      (loop $next
        (br_if $read (i32.ge_u (local.get $a) (local.get $b)))
        (local.set $c (i32.load8_u (local.get $a)))
        (if (i32.gt_u (i32.sub (local.get $c) (i32.const 0x21)) (i32.const 0x5d))
          (then (return (i32.const -2))))
        (if (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 7))
          (then
            (local.set $v
              (i32.add (i32.shl (local.get $v) (i32.const 3)) (i32.sub (local.get $c) (i32.const 48)))))
          (else (local.set $octal (i32.const 0))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $next)))
    (select (local.get $v) (i32.const -1) (local.get $octal)))

  ;; (out of line: a watched aircraft's row only)
  ;; The record of the current line, a row handed over as watched, as the byte reader would read it
  ;; (80 bytes at 0xDA0000 + 80 x its event's index; opensky-row-bytes.ts reads it):
  ;;   0 the position's time (ms; $rowPos), 8 lat, 16 lon, 24 altitude (m: baroaltitude, or
  ;;   geoaltitude where that is empty), 32 velocity, 40 heading: each a double, or for a number
  ;;   left to Number() its field's start and end (i32 each); 48 flags: the class $number gave
  ;;   each of the five (2 bits each, in that order), then bit 10 on the ground, bit 11 dated by
  ;;   lastposupdate, bit 12 whole (clear when a field has a form only the byte reader reads: the
  ;;   row is then read there); 52 squawk ($squawk); 56 and 60 the callsign's trimmed start and
  ;;   end (0 and 0 without the column); 64 the address.
  (func $record
    (local $at i32)
    (local $flags i32)
    (local $cls i32)
    (local $ground i32)
    (local $squawk i32)
    (local $a i32)
    (local $b i32)
    (local $c i32)
    (local.set $at (i32.add (i32.const 0xDA0000) (i32.mul (global.get $events) (i32.const 80))))
    (f64.store (local.get $at) (global.get $rowPos))
    (local.set $flags (i32.const 0x1000))
    (local.set $cls (call $number (global.get $iLat) (i32.add (local.get $at) (i32.const 8))))
    (local.set $flags (i32.or (local.get $flags) (local.get $cls)))
    (if (i32.eq (local.get $cls) (i32.const 2)) (then (local.set $flags (i32.const 0))))
    (local.set $cls (call $number (global.get $iLon) (i32.add (local.get $at) (i32.const 16))))
    (local.set $flags (i32.or (local.get $flags) (i32.shl (local.get $cls) (i32.const 2))))
    (if (i32.eq (local.get $cls) (i32.const 2)) (then (local.set $flags (i32.const 0))))
    ;; baroaltitude, or geoaltitude where it is empty.
    (local.set $cls (call $number (global.get $iBaro) (i32.add (local.get $at) (i32.const 24))))
    (if (i32.eqz (local.get $cls))
      (then (local.set $cls (call $number (global.get $iGeo) (i32.add (local.get $at) (i32.const 24))))))
    (local.set $flags (i32.or (local.get $flags) (i32.shl (local.get $cls) (i32.const 4))))
    (if (i32.eq (local.get $cls) (i32.const 2)) (then (local.set $flags (i32.const 0))))
    (local.set $cls (call $number (global.get $iSpeed) (i32.add (local.get $at) (i32.const 32))))
    (local.set $flags (i32.or (local.get $flags) (i32.shl (local.get $cls) (i32.const 6))))
    (if (i32.eq (local.get $cls) (i32.const 2)) (then (local.set $flags (i32.const 0))))
    (local.set $cls (call $number (global.get $iTrack) (i32.add (local.get $at) (i32.const 40))))
    (local.set $flags (i32.or (local.get $flags) (i32.shl (local.get $cls) (i32.const 8))))
    (if (i32.eq (local.get $cls) (i32.const 2)) (then (local.set $flags (i32.const 0))))
    (local.set $ground (call $boolean (global.get $iGround)))
    (if (i32.eq (local.get $ground) (i32.const 2)) (then (local.set $flags (i32.const 0))))
    (local.set $flags
      (i32.or
        (local.get $flags)
        (i32.or
          (i32.shl (i32.and (local.get $ground) (i32.const 1)) (i32.const 10))
          (i32.shl (global.get $rowDated) (i32.const 11)))))
    (local.set $squawk (call $squawk (global.get $iSquawk)))
    (if (i32.eq (local.get $squawk) (i32.const -2)) (then (local.set $flags (i32.const 0))))
    (i32.store offset=52 (local.get $at) (local.get $squawk))
    ;; The callsign: control characters and bytes beyond ASCII are the byte reader's to refuse;
    ;; spaces at either end are trimmed.
    (if (i32.ge_s (global.get $iCall) (i32.const 0))
      (then
        (local.set $a (call $fieldStart (global.get $iCall)))
        (local.set $b (call $fieldEnd (global.get $iCall)))
        (local.set $c (local.get $a))
        (block $checked
          (loop $next
            (br_if $checked (i32.ge_u (local.get $c) (local.get $b)))
            (if (i32.gt_u (i32.sub (i32.load8_u (local.get $c)) (i32.const 0x20)) (i32.const 0x5e))
              (then (local.set $flags (i32.const 0))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $next)))
        (block $front
          (loop $next
            (br_if $front (i32.ge_u (local.get $a) (local.get $b)))
            (br_if $front (i32.ne (i32.load8_u (local.get $a)) (i32.const 0x20)))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $next)))
        (block $back
          (loop $next
            (br_if $back (i32.le_u (local.get $b) (local.get $a)))
            (br_if $back (i32.ne (i32.load8_u (i32.sub (local.get $b) (i32.const 1))) (i32.const 0x20)))
            (local.set $b (i32.sub (local.get $b) (i32.const 1)))
            (br $next))))
      (else
        (local.set $a (i32.const 0))
        (local.set $b (i32.const 0))))
    (i32.store offset=56 (local.get $at) (local.get $a))
    (i32.store offset=60 (local.get $at) (local.get $b))
    (i32.store offset=64 (local.get $at) (global.get $rowAddr))
    (i32.store offset=48 (local.get $at) (local.get $flags)))

  ;; 1 when an altitude field is missing (empty or "NaN"), a plain decimal ([digits][.digits]) below
  ;; 40,000 (metres: the plausibility check refuses 150,000 ft, 45,720 m), or a negative one above
  ;; -600 (it refuses below -2,000 ft, -609.6 m: near sea level a pressure altitude is often
  ;; negative, and a GNSS height where the geoid lies below the ellipsoid); else 0. Checked on 16
  ;; bytes at once, without reading the value.
  (func $altitudeOk (param $k i32) (result i32)
    (local $a i32)
    (local $b i32)
    (local $len i32)
    (local $valid i32)
    (local $rest i32)
    (local $int i32)
    (local $minus i32)
    (local.set $a
      (call $fieldStart (local.get $k)))
    (local.set $b (call $fieldEnd (local.get $k)))
    (local.set $len (i32.sub (local.get $b) (local.get $a)))
    (if (i32.eqz (local.get $len)) (then (return (i32.const 1))))
    (if (i32.eq (i32.load8_u (local.get $a)) (i32.const 78))
      (then (return (call $isNaN (local.get $a) (local.get $b)))))
    ;; A leading minus: the rest must be a plain decimal too ("-" alone is irregular).
    (local.set $minus (i32.eq (i32.load8_u (local.get $a)) (i32.const 45)))
    (local.set $a (i32.add (local.get $a) (local.get $minus)))
    (local.set $len (i32.sub (local.get $len) (local.get $minus)))
    (if (i32.eqz (local.get $len)) (then (return (i32.const 0))))
    (if (i32.gt_u (local.get $len) (i32.const 16)) (then (return (i32.const 0))))
    (local.set $valid (i32.sub (i32.shl (i32.const 1) (local.get $len)) (i32.const 1)))
    (local.set $rest
      (i32.and
        (local.get $valid)
        (i32.xor
          (i8x16.bitmask
            (i8x16.le_u
              (i8x16.sub (v128.load (local.get $a)) (i8x16.splat (i32.const 48)))
              (i8x16.splat (i32.const 9))))
          (i32.const -1))))
    ;; Every byte a digit but at most one, which must be a dot after at least one digit.
    (if (i32.and (local.get $rest) (i32.sub (local.get $rest) (i32.const 1)))
      (then (return (i32.const 0))))
    (local.set $int (local.get $len))
    (if (local.get $rest)
      (then
        (local.set $int (i32.ctz (local.get $rest)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $int))) (i32.const 46))
          (then (return (i32.const 0))))))
    (if (i32.eqz (local.get $int)) (then (return (i32.const 0))))
    ;; Negative: at most three digits before the dot, and three only from 599 down.
    (if (local.get $minus)
      (then
        (if (i32.lt_u (local.get $int) (i32.const 3)) (then (return (i32.const 1))))
        (return
          (i32.and
            (i32.eq (local.get $int) (i32.const 3))
            (i32.lt_u (i32.load8_u (local.get $a)) (i32.const 54))))))
    (if (i32.lt_u (local.get $int) (i32.const 5)) (then (return (i32.const 1))))
    (i32.and
      (i32.eq (local.get $int) (i32.const 5))
      (i32.lt_u (i32.load8_u (local.get $a)) (i32.const 52))))

  ;; Scans the lines starting at s, up to end (data offsets). A line without a newline before end is
  ;; left for later unless final. Stops after a line holding a quote, before a row that must wait
  ;; (see $hold), and when the event table is nearly full. Returns where the first line not yet read
  ;; starts.
  ;; A skipped row counted by reason; only the first few of each are events (their line numbers
  ;; are the ones reported).
  (func $skipped (param $s i32) (param $e i32) (param $code i32)
    (local $count i32)
    (local.set $count
      (i32.add (i32.load offset=0x610800 (i32.shl (local.get $code) (i32.const 2))) (i32.const 1)))
    (i32.store offset=0x610800 (i32.shl (local.get $code) (i32.const 2)) (local.get $count))
    (if (i32.le_u (local.get $count) (global.get $skipEvents))
      (then (call $emit (local.get $s) (local.get $e) (local.get $code)))))

  (func (export "scan") (param $s i32) (param $end i32) (param $final i32) (result i32)
    (local $p i32)
    (local $n i32)
    (local $cm i64)
    (local $nl i64)
    (local $qt i64)
    (local $quoted i32)
    (local $mask i64)
    (local $lineEnd i32)
    (local $next i32)
    (local $e i32)
    (local $code i32)
    (local $cnt i32)
    (local $slot i32)
    (local $fix i32)
    (local $v0 v128)
    (local $v1 v128)
    (local $v2 v128)
    (local $v3 v128)
    (local $comma v128)
    (local $newline v128)
    (local $quote v128)
    (local.set $comma (i8x16.splat (i32.const 44)))
    (local.set $newline (i8x16.splat (i32.const 10)))
    (local.set $quote (i8x16.splat (i32.const 34)))
    ;; The rows handed over by the last scan have been settled.
    (call $release)
    (block $stop
      (loop $line
        (br_if $stop (i32.ge_u (local.get $s) (local.get $end)))
        ;; A line adds at most two events per coverage box (see $eventLimit).
        (br_if $stop (i32.ge_u (global.get $events) (global.get $eventLimit)))
        (local.set $p (local.get $s))
        (local.set $n (i32.const 0))
        (local.set $quoted (i32.const 0))
        (i32.store offset=0x610000 (i32.const 0) (i32.sub (local.get $s) (i32.const 1)))
        (block $found
          (loop $block
            ;; 64 bytes at a time: commas always; newlines and quotes only when there are any.
            (local.set $v0 (v128.load (local.get $p)))
            (local.set $v1 (v128.load offset=16 (local.get $p)))
            (local.set $v2 (v128.load offset=32 (local.get $p)))
            (local.set $v3 (v128.load offset=48 (local.get $p)))
            (local.set $cm
              (i64.or
                (i64.or
                  (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $comma))))
                  (i64.shl
                    (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $comma))))
                    (i64.const 16)))
                (i64.or
                  (i64.shl
                    (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (local.get $comma))))
                    (i64.const 32))
                  (i64.shl
                    (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (local.get $comma))))
                    (i64.const 48)))))
            (local.set $nl (i64.const 0))
            (if (v128.any_true
                (v128.or
                  (v128.or
                    (i8x16.eq (local.get $v0) (local.get $newline))
                    (i8x16.eq (local.get $v1) (local.get $newline)))
                  (v128.or
                    (i8x16.eq (local.get $v2) (local.get $newline))
                    (i8x16.eq (local.get $v3) (local.get $newline)))))
              (then
                (local.set $nl
                  (i64.or
                (i64.or
                  (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $newline))))
                  (i64.shl
                    (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $newline))))
                    (i64.const 16)))
                (i64.or
                  (i64.shl
                    (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (local.get $newline))))
                    (i64.const 32))
                  (i64.shl
                    (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (local.get $newline))))
                    (i64.const 48)))))))
            (local.set $qt (i64.const 0))
            (if (v128.any_true
                (v128.or
                  (v128.or
                    (i8x16.eq (local.get $v0) (local.get $quote))
                    (i8x16.eq (local.get $v1) (local.get $quote)))
                  (v128.or
                    (i8x16.eq (local.get $v2) (local.get $quote))
                    (i8x16.eq (local.get $v3) (local.get $quote)))))
              (then
                (local.set $qt
                  (i64.or
                (i64.or
                  (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v0) (local.get $quote))))
                  (i64.shl
                    (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v1) (local.get $quote))))
                    (i64.const 16)))
                (i64.or
                  (i64.shl
                    (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v2) (local.get $quote))))
                    (i64.const 32))
                  (i64.shl
                    (i64.extend_i32_u (i8x16.bitmask (i8x16.eq (local.get $v3) (local.get $quote))))
                    (i64.const 48)))))))
            ;; Bytes at or past end are not data.
            (if (i32.lt_s (i32.sub (local.get $end) (local.get $p)) (i32.const 64))
              (then
                (local.set $mask
                  (i64.sub
                    (i64.shl (i64.const 1) (i64.extend_i32_u (i32.sub (local.get $end) (local.get $p))))
                    (i64.const 1)))
                (local.set $cm (i64.and (local.get $cm) (local.get $mask)))
                (local.set $nl (i64.and (local.get $nl) (local.get $mask)))
                (local.set $qt (i64.and (local.get $qt) (local.get $mask)))))
            (if (i64.ne (local.get $nl) (i64.const 0))
              (then
                (local.set $mask
                  (i64.sub (i64.shl (i64.const 1) (i64.ctz (local.get $nl))) (i64.const 1)))
                (local.set $cm (i64.and (local.get $cm) (local.get $mask)))
                (local.set $qt (i64.and (local.get $qt) (local.get $mask)))
                (local.set $lineEnd
                  (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $nl)))))))
            (local.set $quoted
              (i32.or (local.get $quoted) (i64.ne (local.get $qt) (i64.const 0))))
            ;; The first 64 commas are recorded, eight at a time whether there are eight or not (the
            ;; extra slots are overwritten later): a loop over each comma would end at a different
            ;; count in every block, a mispredicted branch per block.
            (local.set $cnt (i32.wrap_i64 (i64.popcnt (local.get $cm))))
            (if (i32.and (i32.ne (local.get $cnt) (i32.const 0)) (i32.lt_u (local.get $n) (i32.const 64)))
              (then
                (local.set $slot
                  (i32.add (i32.const 0x610004) (i32.shl (local.get $n) (i32.const 2))))
                (loop $eight
                          (i32.store offset=0 (local.get $slot)
                            (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $cm)))))
                          (local.set $cm (i64.and (local.get $cm) (i64.sub (local.get $cm) (i64.const 1))))
                          (i32.store offset=4 (local.get $slot)
                            (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $cm)))))
                          (local.set $cm (i64.and (local.get $cm) (i64.sub (local.get $cm) (i64.const 1))))
                          (i32.store offset=8 (local.get $slot)
                            (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $cm)))))
                          (local.set $cm (i64.and (local.get $cm) (i64.sub (local.get $cm) (i64.const 1))))
                          (i32.store offset=12 (local.get $slot)
                            (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $cm)))))
                          (local.set $cm (i64.and (local.get $cm) (i64.sub (local.get $cm) (i64.const 1))))
                          (i32.store offset=16 (local.get $slot)
                            (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $cm)))))
                          (local.set $cm (i64.and (local.get $cm) (i64.sub (local.get $cm) (i64.const 1))))
                          (i32.store offset=20 (local.get $slot)
                            (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $cm)))))
                          (local.set $cm (i64.and (local.get $cm) (i64.sub (local.get $cm) (i64.const 1))))
                          (i32.store offset=24 (local.get $slot)
                            (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $cm)))))
                          (local.set $cm (i64.and (local.get $cm) (i64.sub (local.get $cm) (i64.const 1))))
                          (i32.store offset=28 (local.get $slot)
                            (i32.add (local.get $p) (i32.wrap_i64 (i64.ctz (local.get $cm)))))
                          (local.set $cm (i64.and (local.get $cm) (i64.sub (local.get $cm) (i64.const 1))))
                  (local.set $slot (i32.add (local.get $slot) (i32.const 32)))
                  (br_if $eight (i64.ne (local.get $cm) (i64.const 0))))))
            (local.set $n (i32.add (local.get $n) (local.get $cnt)))
            (if (i64.ne (local.get $nl) (i64.const 0))
              (then
                (local.set $next (i32.add (local.get $lineEnd) (i32.const 1)))
                (br $found)))
            (local.set $p (i32.add (local.get $p) (i32.const 64)))
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
          (then (i32.store offset=0x610004 (i32.shl (local.get $n) (i32.const 2)) (local.get $e))))
        (if (i32.gt_u (local.get $e) (local.get $s))
          (then
            (local.set $code (call $row (local.get $n)))
            ;; A row that must wait is read again by the next scan, from its start.
            (if (i32.eq (local.get $code) (i32.const 11))
              (then
                (global.set $lineNo (i32.sub (global.get $lineNo) (i32.const 1)))
                (return (local.get $s))))
            (if (local.get $code)
              (then
                ;; A skipped row is counted by reason; only the first few of each are events (their
                ;; line numbers are the ones reported). A row handed over holds its aircraft.
                (if (i32.or (i32.le_u (local.get $code) (i32.const 5)) (i32.eq (local.get $code) (i32.const 10)))
                  (then (call $skipped (local.get $s) (local.get $e) (local.get $code)))
                  (else
                    ;; A watched row taken whole from its record needs no hold: the table has
                    ;; its position already.
                    (local.set $fix (i32.const 2))
                    (if (i32.and (i32.eq (local.get $code) (i32.const 6)) (global.get $recordRows))
                      (then
                        (call $record)
                        (local.set $fix (call $fixOf))))
                    (if (i32.eqz (local.get $fix))
                      (then
                        (if (i32.eqz (call $kernelFix))
                          (then (call $emit (local.get $s) (local.get $e) (i32.const 12)))))
                      (else
                        (if (i32.eq (local.get $fix) (i32.const 1))
                          (then (call $skipped (local.get $s) (local.get $e) (i32.const 10)))
                          (else
                            (call $hold)
                            (call $forgetRow)
                            (call $emit (local.get $s) (local.get $e) (local.get $code))))))))))))
        (local.set $s (local.get $next))
        (br $line)))
    (local.get $s))
)
