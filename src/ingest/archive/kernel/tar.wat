;; The tar walk's kernel: passes over the members a selection leaves out, header to header, inside
;; one read window, and stops at the first member it cannot settle alone. It settles only the
;; plain case a day of adsb.lol holds ~300,000 times: a valid header (checksum and octal size as
;; src/ingest/archive/tar-header.ts reads them) of a regular file named
;; `[.../]trace_full_<6 hex digits>.json` whose address the wanted bitmap does not hold, with no
;; `ustar` magic on its body's 512-byte blocks, followed by another valid header inside the window.
;; Everything else (a wanted trace, another name, a long name, the magic inside a body, a zero
;; block, a damaged or cut member, the window's end) is left to the JavaScript walker
;; (src/ingest/archive/tar-walk.ts), which then reads that member as it always did: the kernel
;; never decides anything the walker would decide otherwise, it only decides it sooner.
;;
;; Compiled by scripts/build-kernel.ts into tar-wasm.ts; tests/fast-path.test.ts checks that the
;; compiled bytes match this source.
;;
;; Memory layout (fixed offsets, shared with tar-kernel.ts):
;;   0x000000  wanted bitmap, 2 MiB: one bit per 24-bit address (bit a & 7 of byte a >> 3); only
;;             the 4 KiB blocks its block bytes mark are written and read
;;   0x200000  the read window (1 MiB), then 64 bytes of slack
;;   0x300100  block bytes of the wanted bitmap: one per 4 KiB block (2^15 addresses), non-zero
;;             where the block may hold a set bit
(module
  (memory (export "memory") 49)

  ;; Members passed over since the JavaScript side last reset it.
  (global $passed (export "passed") (mut i32) (i32.const 0))

  ;; The octal number in the field at $at of $len bytes as tar-header.ts's numberField reads it
  ;; (leading spaces, digits up to a NUL, a space or the field's end; no digits is 0), or -1 when
  ;; it is no octal number, is base-256 (first byte's top bit: left to the walker), or is 2^30 or
  ;; more (a body that large is left to the walker too).
  (func $octal (param $at i32) (param $len i32) (result i32)
    (local $end i32) (local $b i32) (local $value i32)
    (local.set $end (i32.add (local.get $at) (local.get $len)))
    (if (i32.and (i32.load8_u (local.get $at)) (i32.const 0x80)) (then (return (i32.const -1))))
    (block $spaces
      (loop $skip
        (br_if $spaces (i32.ge_u (local.get $at) (local.get $end)))
        (br_if $spaces (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x20)))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $skip)))
    (block $done
      (loop $digit
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $b (i32.load8_u (local.get $at)))
        (br_if $done (i32.eqz (local.get $b)))
        (br_if $done (i32.eq (local.get $b) (i32.const 0x20)))
        (if (i32.gt_u (i32.sub (local.get $b) (i32.const 0x30)) (i32.const 7))
          (then (return (i32.const -1))))
        (if (i32.ge_u (local.get $value) (i32.const 0x8000000)) (then (return (i32.const -1))))
        (local.set $value
          (i32.or (i32.shl (local.get $value) (i32.const 3)) (i32.sub (local.get $b) (i32.const 0x30))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $digit)))
    (local.get $value))

  ;; The sum of the 512 bytes at $at (16 bytes at a time: 32 pairwise sums of 510 at most fit the
  ;; 16-bit lanes).
  (func $blockSum (param $at i32) (result i32)
    (local $lanes v128) (local $i i32) (local $wide v128)
    (local.set $lanes (v128.const i64x2 0 0))
    (local.set $i (i32.const 0))
    (loop $sum
      (local.set $lanes
        (i16x8.add (local.get $lanes)
          (i16x8.extadd_pairwise_i8x16_u (v128.load (i32.add (local.get $at) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $sum (i32.lt_u (local.get $i) (i32.const 512))))
    (local.set $wide (i32x4.extadd_pairwise_i16x8_u (local.get $lanes)))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $wide)) (i32x4.extract_lane 1 (local.get $wide)))
      (i32.add (i32x4.extract_lane 2 (local.get $wide)) (i32x4.extract_lane 3 (local.get $wide)))))

  ;; The size the header at $at states when it is a valid header (not all zeros, its checksum
  ;; matching: the bytes summed with the checksum field read as 8 spaces), else -1 (also for what
  ;; only the walker reads: base-256 numbers, sizes of 2^30 or more).
  (func $headerSize (param $at i32) (result i32)
    (local $sum i32) (local $field i32) (local $stored i32)
    (local.set $sum (call $blockSum (local.get $at)))
    (if (i32.eqz (local.get $sum)) (then (return (i32.const -1))))
    (local.set $field
      (i32.add
        (i32.add
          (i32.add (i32.load8_u offset=148 (local.get $at)) (i32.load8_u offset=149 (local.get $at)))
          (i32.add (i32.load8_u offset=150 (local.get $at)) (i32.load8_u offset=151 (local.get $at))))
        (i32.add
          (i32.add (i32.load8_u offset=152 (local.get $at)) (i32.load8_u offset=153 (local.get $at)))
          (i32.add (i32.load8_u offset=154 (local.get $at)) (i32.load8_u offset=155 (local.get $at))))))
    (local.set $stored (call $octal (i32.add (local.get $at) (i32.const 148)) (i32.const 8)))
    (if (i32.lt_s (local.get $stored) (i32.const 0)) (then (return (i32.const -1))))
    (if (i32.ne (local.get $stored)
          (i32.add (i32.sub (local.get $sum) (local.get $field)) (i32.const 256)))
      (then (return (i32.const -1))))
    (call $octal (i32.add (local.get $at) (i32.const 124)) (i32.const 12)))

  ;; A hex digit's value, or -1.
  (func $hexDigit (param $c i32) (result i32)
    (if (i32.le_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 9))
      (then (return (i32.sub (local.get $c) (i32.const 0x30)))))
    (if (i32.le_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 5))
      (then (return (i32.sub (local.get $c) (i32.const 0x57)))))
    (if (i32.le_u (i32.sub (local.get $c) (i32.const 0x41)) (i32.const 5))
      (then (return (i32.sub (local.get $c) (i32.const 0x37)))))
    (i32.const -1))

  ;; The address of a regular file named `[.../]trace_full_<6 hex digits>.json` in the header at
  ;; $at's own name field, or -1 (tar-header.ts's plainTraceAddress, byte for byte).
  (func $traceAddress (param $at i32) (result i32)
    (local $type i32) (local $end i32) (local $base i32) (local $address i32) (local $d i32)
    (local $i i32)
    (local.set $type (i32.load8_u offset=156 (local.get $at)))
    (if (i32.and (i32.and (i32.ne (local.get $type) (i32.const 0))
                          (i32.ne (local.get $type) (i32.const 0x30)))
                 (i32.ne (local.get $type) (i32.const 0x37)))
      (then (return (i32.const -1))))
    ;; A POSIX ustar header with a prefix: the name may be longer than its field shows.
    (if (i32.and
          (i32.and
            (i32.eq (i32.load offset=257 (local.get $at)) (i32.const 0x61747375))
            (i32.eq (i32.load8_u offset=261 (local.get $at)) (i32.const 0x72)))
          (i32.and
            (i32.eqz (i32.load8_u offset=262 (local.get $at)))
            (i32.ne (i32.load8_u offset=345 (local.get $at)) (i32.const 0))))
      (then (return (i32.const -1))))
    (local.set $end (local.get $at))
    (block $found
      (loop $scan
        (br_if $found (i32.ge_u (local.get $end) (i32.add (local.get $at) (i32.const 100))))
        (br_if $found (i32.eqz (i32.load8_u (local.get $end))))
        (local.set $end (i32.add (local.get $end) (i32.const 1)))
        (br $scan)))
    ;; 22 bytes: `trace_full_` (11), six hex digits, `.json` (5).
    (local.set $base (i32.sub (local.get $end) (i32.const 22)))
    (if (i32.lt_s (local.get $base) (local.get $at)) (then (return (i32.const -1))))
    (if (i32.gt_u (local.get $base) (local.get $at))
      (then
        (if (i32.ne (i32.load8_u (i32.sub (local.get $base) (i32.const 1))) (i32.const 0x2f))
          (then (return (i32.const -1))))))
    ;; "trace_fu" "ll_" as little-endian words, then ".json".
    (if (i64.ne (i64.load (local.get $base)) (i64.const 0x75665f6563617274))
      (then (return (i32.const -1))))
    (if (i32.ne (i32.load16_u offset=8 (local.get $base)) (i32.const 0x6c6c))
      (then (return (i32.const -1))))
    (if (i32.ne (i32.load8_u offset=10 (local.get $base)) (i32.const 0x5f))
      (then (return (i32.const -1))))
    (if (i32.ne (i32.load offset=17 (local.get $base)) (i32.const 0x6f736a2e))
      (then (return (i32.const -1))))
    (if (i32.ne (i32.load8_u offset=21 (local.get $base)) (i32.const 0x6e))
      (then (return (i32.const -1))))
    (local.set $i (i32.add (local.get $base) (i32.const 11)))
    (loop $digits
      (local.set $d (call $hexDigit (i32.load8_u (local.get $i))))
      (if (i32.lt_s (local.get $d) (i32.const 0)) (then (return (i32.const -1))))
      (local.set $address (i32.or (i32.shl (local.get $address) (i32.const 4)) (local.get $d)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $digits (i32.lt_u (local.get $i) (i32.add (local.get $base) (i32.const 17)))))
    (local.get $address))

  ;; Passes over left-out members from window index $from (a header's start) while the window's
  ;; first $held bytes hold them and the header after each; returns the index of the first member
  ;; not passed over (the walker reads it), adding the members passed over to $passed.
  (func (export "skip") (param $from i32) (param $held i32) (result i32)
    (local $p i32) (local $limit i32) (local $size i32) (local $address i32) (local $end i32)
    (local $nextSize i32) (local $q i32)
    (local.set $p (i32.add (i32.const 0x200000) (local.get $from)))
    (local.set $limit (i32.add (i32.const 0x200000) (local.get $held)))
    (if (i32.gt_u (i32.add (local.get $p) (i32.const 512)) (local.get $limit))
      (then (return (local.get $from))))
    (local.set $size (call $headerSize (local.get $p)))
    (block $stop
      (loop $member
        (br_if $stop (i32.lt_s (local.get $size) (i32.const 0)))
        (local.set $address (call $traceAddress (local.get $p)))
        (br_if $stop (i32.lt_s (local.get $address) (i32.const 0)))
        ;; A wanted address: its block marked, and its bit set.
        (if (i32.load8_u offset=0x300100 (i32.shr_u (local.get $address) (i32.const 15)))
          (then
            (br_if $stop
              (i32.and
                (i32.load8_u (i32.shr_u (local.get $address) (i32.const 3)))
                (i32.shl (i32.const 1) (i32.and (local.get $address) (i32.const 7)))))))
        ;; The next header: after this one and its body, rounded up to whole blocks.
        (local.set $end
          (i32.add (i32.add (local.get $p) (i32.const 512))
            (i32.and (i32.add (local.get $size) (i32.const 511)) (i32.const -512))))
        (br_if $stop (i32.gt_u (i32.add (local.get $end) (i32.const 512)) (local.get $limit)))
        ;; The ustar magic on one of the body's blocks: a member a gap swallowed may lie there,
        ;; or the member is a tar (the walker tells which).
        (local.set $q (i32.add (local.get $p) (i32.const 512)))
        (block $clean
          (loop $block
            (br_if $clean (i32.ge_u (local.get $q) (local.get $end)))
            (br_if $stop (i32.eq (i32.load offset=257 (local.get $q)) (i32.const 0x61747375)))
            (local.set $q (i32.add (local.get $q) (i32.const 512)))
            (br $block)))
        (local.set $nextSize (call $headerSize (local.get $end)))
        (br_if $stop (i32.lt_s (local.get $nextSize) (i32.const 0)))
        (global.set $passed (i32.add (global.get $passed) (i32.const 1)))
        (local.set $p (local.get $end))
        (local.set $size (local.get $nextSize))
        (br $member)))
    (i32.sub (local.get $p) (i32.const 0x200000)))
)
