;; A coast's questions in WebAssembly (src/geo/coast.ts, Coast.surfaceAt): over land, and how far
;; from the nearest shore. The mission stage asks a few thousand of them once per run, before V8
;; has optimised the JavaScript that answers them: there the 12 NM check took 15-35 ms of cold
;; code, where this answers the same questions compiled at once.
;;
;; Every step is the JavaScript side's, in the same order of floating-point operations, and the
;; trigonometry is JavaScript's own (Math.sin, Math.cos and Math.asin, imported): the answers are
;; identical to the last bit (tests/coast-kernel.test.ts compares the two). distance.ts's `x ** 2`
;; is V8's Math.pow(x, 2), which is x * x exactly (fdlibm's pow returns x * x for y = 2): a
;; multiply here, not a call out of the kernel.
;;
;; Compiled by scripts/build-kernel.ts into coast-wasm.ts; tests/fast-path.test.ts checks that the
;; compiled bytes match this source.
;;
;; Memory: laid out by the JavaScript side (coast-kernel.ts): the shore segments (lon1, lat1, lon2,
;; lat2, f64 each), the grid's cells (start offsets, then segment numbers, i32), the land edges
;; (f64 x 4), the latitude bands (start offsets, then edge numbers), each memo row's reach (f64),
;; then the memo's centre distances (f64) and which are known (u8), left as zeros.
(module
  (import "math" "sin" (func $sin (param f64) (result f64)))
  (import "math" "cos" (func $cos (param f64) (result f64)))
  (import "math" "asin" (func $asin (param f64) (result f64)))
  (memory (export "memory") 1)

  (global $segs (mut i32) (i32.const 0))
  (global $cellStart (mut i32) (i32.const 0))
  (global $cellItems (mut i32) (i32.const 0))
  (global $edges (mut i32) (i32.const 0))
  (global $bandStart (mut i32) (i32.const 0))
  (global $bandItems (mut i32) (i32.const 0))
  (global $memoReach (mut i32) (i32.const 0))
  (global $memoCentre (mut i32) (i32.const 0))
  (global $memoKnown (mut i32) (i32.const 0))
  (global $cols (mut i32) (i32.const 1))
  (global $rows (mut i32) (i32.const 1))
  (global $bands (mut i32) (i32.const 1))
  (global $memoCols (mut i32) (i32.const 1))
  (global $memoRows (mut i32) (i32.const 1))
  (global $west (mut f64) (f64.const 0))
  (global $south (mut f64) (f64.const 0))
  (global $east (mut f64) (f64.const 0))
  (global $north (mut f64) (f64.const 0))
  ;; The cells' sizes (degrees) and the memo's slack (a share, and km), as coast.ts has them.
  (global $shoreCellDeg (mut f64) (f64.const 0))
  (global $landBandDeg (mut f64) (f64.const 0))
  (global $memoCellDeg (mut f64) (f64.const 0))
  (global $memoSlack (mut f64) (f64.const 0))
  (global $memoSlackKm (mut f64) (f64.const 0))
  ;; Math.PI / 180, the Earth's radius (km) and km per degree of latitude, as JavaScript has them.
  (global $rad (mut f64) (f64.const 0))
  (global $radiusKm (mut f64) (f64.const 0))
  (global $kmPerDeg (mut f64) (f64.const 0))
  (global $halfPi (mut f64) (f64.const 0))
  ;; A segment found by the last search (SegmentGrid.lastSeg), or -1.
  (global $lastSeg (mut i32) (i32.const -1))
  ;; The nearest point of the segment $nearestPoint was last asked of.
  (global $nearLat (mut f64) (f64.const 0))
  (global $nearLon (mut f64) (f64.const 0))

  (func (export "init")
    (param $segs i32) (param $cellStart i32) (param $cellItems i32) (param $edges i32)
    (param $bandStart i32) (param $bandItems i32) (param $memoReach i32) (param $memoCentre i32)
    (param $memoKnown i32) (param $cols i32) (param $rows i32) (param $bands i32)
    (param $memoCols i32) (param $memoRows i32) (param $west f64) (param $south f64)
    (param $east f64) (param $north f64) (param $shoreCellDeg f64) (param $landBandDeg f64)
    (param $memoCellDeg f64) (param $memoSlack f64) (param $memoSlackKm f64)
    (param $rad f64) (param $radiusKm f64)
    (param $kmPerDeg f64) (param $halfPi f64)
    (global.set $segs (local.get $segs))
    (global.set $cellStart (local.get $cellStart))
    (global.set $cellItems (local.get $cellItems))
    (global.set $edges (local.get $edges))
    (global.set $bandStart (local.get $bandStart))
    (global.set $bandItems (local.get $bandItems))
    (global.set $memoReach (local.get $memoReach))
    (global.set $memoCentre (local.get $memoCentre))
    (global.set $memoKnown (local.get $memoKnown))
    (global.set $cols (local.get $cols))
    (global.set $rows (local.get $rows))
    (global.set $bands (local.get $bands))
    (global.set $memoCols (local.get $memoCols))
    (global.set $memoRows (local.get $memoRows))
    (global.set $west (local.get $west))
    (global.set $south (local.get $south))
    (global.set $east (local.get $east))
    (global.set $north (local.get $north))
    (global.set $shoreCellDeg (local.get $shoreCellDeg))
    (global.set $landBandDeg (local.get $landBandDeg))
    (global.set $memoCellDeg (local.get $memoCellDeg))
    (global.set $memoSlack (local.get $memoSlack))
    (global.set $memoSlackKm (local.get $memoSlackKm))
    (global.set $rad (local.get $rad))
    (global.set $radiusKm (local.get $radiusKm))
    (global.set $kmPerDeg (local.get $kmPerDeg))
    (global.set $halfPi (local.get $halfPi))
    (global.set $lastSeg (i32.const -1)))

  ;; distance.ts's distanceKm (haversine), with the cosine of the first latitude given: the
  ;; point's, which a search computes once (the same value distanceKm computes each time).
  (func $distanceKm (param $lat1 f64) (param $lon1 f64) (param $cosLat1 f64) (param $lat2 f64)
    (param $lon2 f64) (result f64)
    (local $dLat f64) (local $dLon f64) (local $sinLat f64) (local $sinLon f64)
    (local.set $dLat (f64.mul (f64.sub (local.get $lat2) (local.get $lat1)) (global.get $rad)))
    (local.set $dLon (f64.mul (f64.sub (local.get $lon2) (local.get $lon1)) (global.get $rad)))
    (local.set $sinLat (call $sin (f64.div (local.get $dLat) (f64.const 2))))
    (local.set $sinLon (call $sin (f64.div (local.get $dLon) (f64.const 2))))
    (f64.mul
      (f64.mul (f64.const 2) (global.get $radiusKm))
      (call $asin
        (f64.min
          (f64.const 1)
          (f64.sqrt
            (f64.add
              (f64.mul (local.get $sinLat) (local.get $sinLat))
              (f64.mul
                (f64.mul
                  (local.get $cosLat1)
                  (call $cos (f64.mul (local.get $lat2) (global.get $rad))))
                (f64.mul (local.get $sinLon) (local.get $sinLon)))))))))

;; coast.ts's segmentKm's nearest point of segment $i to the point, found in a plane around it:
  ;; into $nearLat and $nearLon.
  (func $nearestPoint (param $i i32) (param $lat f64) (param $lon f64) (param $k f64)
    (local $p i32) (local $x1 f64) (local $y1 f64) (local $x2 f64) (local $y2 f64)
    (local $ax f64) (local $ay f64) (local $dx f64) (local $dy f64) (local $len2 f64)
    (local $t f64)
    (local.set $p (i32.add (global.get $segs) (i32.shl (local.get $i) (i32.const 5))))
    (local.set $x1 (f64.load (local.get $p)))
    (local.set $y1 (f64.load offset=8 (local.get $p)))
    (local.set $x2 (f64.load offset=16 (local.get $p)))
    (local.set $y2 (f64.load offset=24 (local.get $p)))
    (local.set $ax (f64.mul (f64.sub (local.get $x1) (local.get $lon)) (local.get $k)))
    (local.set $ay (f64.sub (local.get $y1) (local.get $lat)))
    (local.set $dx
      (f64.sub (f64.mul (f64.sub (local.get $x2) (local.get $lon)) (local.get $k)) (local.get $ax)))
    (local.set $dy (f64.sub (f64.sub (local.get $y2) (local.get $lat)) (local.get $ay)))
    (local.set $len2
      (f64.add
        (f64.mul (local.get $dx) (local.get $dx))
        (f64.mul (local.get $dy) (local.get $dy))))
    (if (f64.ne (local.get $len2) (f64.const 0))
      (then
        (local.set $t
          (f64.min
            (f64.const 1)
            (f64.max
              (f64.const 0)
              (f64.div
                (f64.neg
                  (f64.add
                    (f64.mul (local.get $ax) (local.get $dx))
                    (f64.mul (local.get $ay) (local.get $dy))))
                (local.get $len2)))))))
    (global.set $nearLat
      (f64.add (local.get $y1) (f64.mul (f64.sub (local.get $y2) (local.get $y1)) (local.get $t))))
    (global.set $nearLon
      (f64.add (local.get $x1) (f64.mul (f64.sub (local.get $x2) (local.get $x1)) (local.get $t)))))

  ;; coast.ts's segmentKm: to segment $i's nearest point, found in a plane around the point.
  (func $segmentKm (param $i i32) (param $lat f64) (param $lon f64) (param $k f64) (result f64)
    (call $nearestPoint (local.get $i) (local.get $lat) (local.get $lon) (local.get $k))
    (call $distanceKm
      (local.get $lat) (local.get $lon) (local.get $k) (global.get $nearLat) (global.get $nearLon)))

  ;; At most $distanceKm of the same places, without its trigonometry: sin x >= x - x^3/6 (x >= 0;
  ;; a half latitude step is at most pi/2, a half longitude step beyond pi gets 0), cos is
  ;; 1-Lipschitz (the second latitude's cosine is at least the first's less the step, less 4e-15
  ;; for the roundings of each latitude in radians, which a relative margin does not cover where
  ;; the cosine is below 1e-7, within a metre of a pole), and asin y >= y. Taken 1e-9 below that,
  ;; it is never above what $distanceKm returns: a segment it puts no nearer than the best is not,
  ;; and its distance need not be asked (four calls out of the kernel). Latitudes beyond +-90
  ;; (their cosine negative) or NaN get 0: the exact distance is asked.
  (func $distanceBelow (export "distanceBelow") (param $lat1 f64) (param $lon1 f64) (param $cosLat1 f64) (param $lat2 f64)
    (param $lon2 f64) (result f64)
    (local $dLat f64) (local $x f64) (local $y f64) (local $sinLat f64) (local $sinLon f64)
    (local $cosLat2 f64)
    (if (i32.eqz
          (i32.and
            (f64.le (f64.abs (local.get $lat1)) (f64.const 90))
            (f64.le (f64.abs (local.get $lat2)) (f64.const 90))))
      (then (return (f64.const 0))))
    (local.set $dLat (f64.abs (f64.mul (f64.sub (local.get $lat2) (local.get $lat1)) (global.get $rad))))
    (local.set $x (f64.mul (local.get $dLat) (f64.const 0.5)))
    (local.set $y
      (f64.mul
        (f64.abs (f64.mul (f64.sub (local.get $lon2) (local.get $lon1)) (global.get $rad)))
        (f64.const 0.5)))
    (local.set $sinLat
      (f64.max
        (f64.const 0)
        (f64.sub
          (local.get $x)
          (f64.div (f64.mul (f64.mul (local.get $x) (local.get $x)) (local.get $x)) (f64.const 6)))))
    (local.set $sinLon
      (if (result f64) (f64.le (local.get $y) (f64.const 3))
        (then
          (f64.max
            (f64.const 0)
            (f64.sub
              (local.get $y)
              (f64.div (f64.mul (f64.mul (local.get $y) (local.get $y)) (local.get $y)) (f64.const 6)))))
        (else (f64.const 0))))
    (local.set $cosLat2
      (f64.max
        (f64.const 0)
        (f64.sub (f64.sub (local.get $cosLat1) (local.get $dLat)) (f64.const 4e-15))))
    (f64.mul
      (f64.mul
        (f64.mul (f64.const 2) (global.get $radiusKm))
        (f64.min
          (f64.const 1)
          (f64.sqrt
            (f64.add
              (f64.mul (local.get $sinLat) (local.get $sinLat))
              (f64.mul
                (f64.mul (local.get $cosLat1) (local.get $cosLat2))
                (f64.mul (local.get $sinLon) (local.get $sinLon)))))))
      (f64.const 0.999999999)))

  ;; coast.ts's lonReach.
  (func $lonReach (param $km f64) (param $cosLat f64) (result f64)
    (local $ratio f64)
    (local.set $ratio
      (f64.div
        (call $sin
          (f64.min
            (global.get $halfPi)
            (f64.div (f64.add (local.get $km) (f64.const 1e-6)) (global.get $radiusKm))))
        (local.get $cosLat)))
    (if (result f64) (f64.ge (local.get $ratio) (f64.const 1))
      (then (f64.const inf))
      (else
        (f64.add
          (f64.mul
            (f64.div (call $asin (local.get $ratio)) (global.get $rad))
            (f64.add (f64.const 1) (f64.const 1e-9)))
          (f64.const 1e-12)))))

  ;; A cell's column or row of `count`: floor((value - origin) / size), clamped to the grid.
  (func $cellOf (param $value f64) (param $origin f64) (param $size f64) (param $count i32)
    (result i32)
    (i32.trunc_f64_s
      (f64.min
        (f64.convert_i32_s (i32.sub (local.get $count) (i32.const 1)))
        (f64.max
          (f64.const 0)
          (f64.floor (f64.div (f64.sub (local.get $value) (local.get $origin)) (local.get $size)))))))

  ;; SegmentGrid.nearestKm: the nearest segment's distance when at most $capKm, else some
  ;; segment's (more than $capKm), or inf when none was measured.
  (func $nearestKm (export "nearestKm") (param $lat f64) (param $lon f64) (param $capKm f64)
    (result f64)
    (local $c0 i32) (local $r0 i32) (local $maxRing i32) (local $ring i32) (local $r i32)
    (local $c i32) (local $step i32) (local $cell i32) (local $j i32) (local $end i32)
    (local $seg i32) (local $p i32) (local $best f64) (local $bestSeg i32) (local $cosLat f64)
    (local $lonReachDeg f64) (local $polewardLat f64) (local $ringKm f64) (local $y1 f64)
    (local $y2 f64) (local $x1 f64) (local $x2 f64) (local $apartDeg f64) (local $d f64)
    (local.set $c0 (call $cellOf (local.get $lon) (global.get $west) (global.get $shoreCellDeg) (global.get $cols)))
    (local.set $r0 (call $cellOf (local.get $lat) (global.get $south) (global.get $shoreCellDeg) (global.get $rows)))
    (local.set $maxRing
      (select (global.get $cols) (global.get $rows)
        (i32.gt_s (global.get $cols) (global.get $rows))))
    (local.set $best (f64.const inf))
    (local.set $bestSeg (i32.const -1))
    (local.set $cosLat (call $cos (f64.mul (local.get $lat) (global.get $rad))))
    (local.set $lonReachDeg (f64.const inf))
    (if (i32.ge_s (global.get $lastSeg) (i32.const 0))
      (then
        (local.set $best
          (call $segmentKm (global.get $lastSeg) (local.get $lat) (local.get $lon) (local.get $cosLat)))
        (local.set $bestSeg (global.get $lastSeg))
        (local.set $lonReachDeg (call $lonReach (local.get $best) (local.get $cosLat)))))
    (block $rings
      (loop $nextRing
        (br_if $rings (i32.gt_s (local.get $ring) (local.get $maxRing)))
        (local.set $polewardLat
          (f64.min
            (f64.const 89)
            (f64.add
              (f64.abs (local.get $lat))
              (f64.mul (f64.convert_i32_s (local.get $ring)) (global.get $shoreCellDeg)))))
        (local.set $ringKm
          (f64.mul
            (f64.mul
              (f64.mul
                (f64.convert_i32_s (i32.sub (local.get $ring) (i32.const 1)))
                (global.get $shoreCellDeg))
              (global.get $kmPerDeg))
            (call $cos (f64.mul (local.get $polewardLat) (global.get $rad)))))
        (br_if $rings (f64.le (local.get $best) (local.get $ringKm)))
        (br_if $rings (f64.lt (local.get $capKm) (local.get $ringKm)))
        (local.set $r (i32.sub (local.get $r0) (local.get $ring)))
        (block $rowsDone
          (loop $nextRow
            (br_if $rowsDone (i32.gt_s (local.get $r) (i32.add (local.get $r0) (local.get $ring))))
            (if (i32.and
                  (i32.ge_s (local.get $r) (i32.const 0))
                  (i32.lt_s (local.get $r) (global.get $rows)))
              (then
                ;; Every cell of the ring's first and last rows; the two ends of the others.
                (local.set $step
                  (select
                    (i32.const 1)
                    (i32.shl (local.get $ring) (i32.const 1))
                    (i32.or
                      (i32.eq (local.get $r) (i32.sub (local.get $r0) (local.get $ring)))
                      (i32.eq (local.get $r) (i32.add (local.get $r0) (local.get $ring))))))
                (local.set $c (i32.sub (local.get $c0) (local.get $ring)))
                (block $colsDone
                  (loop $nextCol
                    (br_if $colsDone
                      (i32.gt_s (local.get $c) (i32.add (local.get $c0) (local.get $ring))))
                    (if (i32.and
                          (i32.ge_s (local.get $c) (i32.const 0))
                          (i32.lt_s (local.get $c) (global.get $cols)))
                      (then
                        (local.set $cell
                          (i32.add (i32.mul (local.get $r) (global.get $cols)) (local.get $c)))
                        (local.set $p
                          (i32.add (global.get $cellStart) (i32.shl (local.get $cell) (i32.const 2))))
                        (local.set $j (i32.load (local.get $p)))
                        (local.set $end (i32.load offset=4 (local.get $p)))
                        (block $segsDone
                          (loop $nextSeg
                            (br_if $segsDone (i32.ge_s (local.get $j) (local.get $end)))
                            (local.set $seg
                              (i32.load
                                (i32.add
                                  (global.get $cellItems)
                                  (i32.shl (local.get $j) (i32.const 2)))))
                            (local.set $p
                              (i32.add (global.get $segs) (i32.shl (local.get $seg) (i32.const 5))))
                            (local.set $y1 (f64.load offset=8 (local.get $p)))
                            (local.set $y2 (f64.load offset=24 (local.get $p)))
                            ;; Farther in latitude alone than the best: not nearer.
                            (if (i32.eqz
                                  (f64.gt
                                    (f64.mul
                                      (f64.max
                                        (f64.sub
                                          (f64.min (local.get $y1) (local.get $y2))
                                          (local.get $lat))
                                        (f64.sub
                                          (local.get $lat)
                                          (f64.max (local.get $y1) (local.get $y2))))
                                      (global.get $kmPerDeg))
                                    (f64.add (local.get $best) (f64.const 1e-6))))
                              (then
                                (local.set $x1 (f64.load (local.get $p)))
                                (local.set $x2 (f64.load offset=16 (local.get $p)))
                                (local.set $apartDeg
                                  (f64.max
                                    (f64.sub (f64.min (local.get $x1) (local.get $x2)) (local.get $lon))
                                    (f64.sub (local.get $lon) (f64.max (local.get $x1) (local.get $x2)))))
                                ;; Farther east or west than the best can reach: not nearer.
                                (if (i32.eqz
                                      (i32.and
                                        (f64.gt (local.get $apartDeg) (local.get $lonReachDeg))
                                        (f64.le (local.get $apartDeg) (f64.const 90))))
                                  (then
                                    (call $nearestPoint
                                      (local.get $seg) (local.get $lat) (local.get $lon)
                                      (local.get $cosLat))
                                    ;; Surely no nearer than the best: its distance is not asked.
                                    (if (f64.lt
                                          (call $distanceBelow
                                            (local.get $lat) (local.get $lon) (local.get $cosLat)
                                            (global.get $nearLat) (global.get $nearLon))
                                          (local.get $best))
                                      (then
                                        (local.set $d
                                          (call $distanceKm
                                            (local.get $lat) (local.get $lon) (local.get $cosLat)
                                            (global.get $nearLat) (global.get $nearLon)))
                                        (if (f64.lt (local.get $d) (local.get $best))
                                          (then
                                            (local.set $best (local.get $d))
                                            (local.set $bestSeg (local.get $seg))
                                            (local.set $lonReachDeg
                                              (call $lonReach (local.get $best) (local.get $cosLat)))))))))))
                            (local.set $j (i32.add (local.get $j) (i32.const 1)))
                            (br $nextSeg)))))
                    ;; Ring 0 is the one cell.
                    (br_if $colsDone (i32.eqz (local.get $ring)))
                    (local.set $c (i32.add (local.get $c) (local.get $step)))
                    (br $nextCol)))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $nextRow)))
        (local.set $ring (i32.add (local.get $ring) (i32.const 1)))
        (br $nextRing)))
    (if (i32.ge_s (local.get $bestSeg) (i32.const 0))
      (then (global.set $lastSeg (local.get $bestSeg))))
    (local.get $best))

  ;; SegmentGrid.upperBoundKm: the last search's segment's distance, or inf.
  (func $upperBoundKm (param $lat f64) (param $lon f64) (result f64)
    (if (result f64) (i32.lt_s (global.get $lastSeg) (i32.const 0))
      (then (f64.const inf))
      (else
        (call $segmentKm
          (global.get $lastSeg) (local.get $lat) (local.get $lon)
          (call $cos (f64.mul (local.get $lat) (global.get $rad)))))))

  ;; LandBands.contains: even-odd ray casting eastwards within the point's band of latitude.
  (func $onLand (param $lat f64) (param $lon f64) (result i32)
    (local $band i32) (local $j i32) (local $end i32) (local $e i32) (local $inside i32)
    (local $x1 f64) (local $y1 f64) (local $x2 f64) (local $y2 f64)
    (local.set $band (call $cellOf (local.get $lat) (global.get $south) (global.get $landBandDeg) (global.get $bands)))
    (local.set $e (i32.add (global.get $bandStart) (i32.shl (local.get $band) (i32.const 2))))
    (local.set $j (i32.load (local.get $e)))
    (local.set $end (i32.load offset=4 (local.get $e)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $j) (local.get $end)))
        (local.set $e
          (i32.add
            (global.get $edges)
            (i32.shl
              (i32.load (i32.add (global.get $bandItems) (i32.shl (local.get $j) (i32.const 2))))
              (i32.const 5))))
        (local.set $x1 (f64.load (local.get $e)))
        (local.set $y1 (f64.load offset=8 (local.get $e)))
        (local.set $x2 (f64.load offset=16 (local.get $e)))
        (local.set $y2 (f64.load offset=24 (local.get $e)))
        (if (i32.ne
              (f64.gt (local.get $y1) (local.get $lat))
              (f64.gt (local.get $y2) (local.get $lat)))
          (then
            (if (f64.gt
                  (f64.add
                    (local.get $x1)
                    (f64.mul
                      (f64.div
                        (f64.sub (local.get $lat) (local.get $y1))
                        (f64.sub (local.get $y2) (local.get $y1)))
                      (f64.sub (local.get $x2) (local.get $x1))))
                  (local.get $lon))
              (then (local.set $inside (i32.xor (local.get $inside) (i32.const 1)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $next)))
    (local.get $inside))

  ;; coast.ts's kmToBoxEdge.
  (func $kmToBoxEdge (param $lat f64) (param $lon f64) (result f64)
    (local $k f64)
    (local.set $k (call $cos (f64.mul (local.get $lat) (global.get $rad))))
    (f64.mul
      (f64.min
        (f64.min
          (f64.min
            (f64.mul (f64.sub (local.get $lon) (global.get $west)) (local.get $k))
            (f64.mul (f64.sub (global.get $east) (local.get $lon)) (local.get $k)))
          (f64.sub (local.get $lat) (global.get $south)))
        (f64.sub (global.get $north) (local.get $lat)))
      (global.get $kmPerDeg)))

  ;; Coast.surfaceAt for a point inside the box: -1 over land, -2 where the data cannot tell, else
  ;; the distance to land (km; exact up to $withinKm, beyond it some distance no less).
  (func (export "surface") (param $lat f64) (param $lon f64) (param $withinKm f64) (result f64)
    (local $edgeKm f64) (local $c i32) (local $r i32) (local $cell i32) (local $p i32)
    (local $centre f64) (local $reach f64) (local $slack f64) (local $lowerKm f64)
    (local $upperKm f64) (local $landKm f64) (local $nearby f64)
    (if (call $onLand (local.get $lat) (local.get $lon)) (then (return (f64.const -1))))
    (local.set $edgeKm (call $kmToBoxEdge (local.get $lat) (local.get $lon)))
    (if (f64.lt (local.get $withinKm) (f64.const inf))
      (then
        ;; DistanceMemo.bounds: the cell's centre's distance, searched at the first question.
        (local.set $c
          (call $cellOf (local.get $lon) (global.get $west) (global.get $memoCellDeg) (global.get $memoCols)))
        (local.set $r
          (call $cellOf (local.get $lat) (global.get $south) (global.get $memoCellDeg) (global.get $memoRows)))
        (local.set $cell (i32.add (i32.mul (local.get $r) (global.get $memoCols)) (local.get $c)))
        (local.set $p (i32.add (global.get $memoCentre) (i32.shl (local.get $cell) (i32.const 3))))
        (if (i32.eqz (i32.load8_u (i32.add (global.get $memoKnown) (local.get $cell))))
          (then
            (f64.store
              (local.get $p)
              (call $nearestKm
                (f64.add
                  (global.get $south)
                  (f64.mul
                    (f64.add (f64.convert_i32_s (local.get $r)) (f64.const 0.5))
                    (global.get $memoCellDeg)))
                (f64.add
                  (global.get $west)
                  (f64.mul
                    (f64.add (f64.convert_i32_s (local.get $c)) (f64.const 0.5))
                    (global.get $memoCellDeg)))
                (f64.const inf)))
            (i32.store8 (i32.add (global.get $memoKnown) (local.get $cell)) (i32.const 1))))
        (local.set $centre (f64.load (local.get $p)))
        (local.set $reach
          (f64.load (i32.add (global.get $memoReach) (i32.shl (local.get $r) (i32.const 3)))))
        (local.set $slack
          (f64.add (f64.mul (local.get $centre) (global.get $memoSlack)) (global.get $memoSlackKm)))
        (local.set $lowerKm
          (f64.sub (f64.sub (local.get $centre) (local.get $reach)) (local.get $slack)))
        (local.set $upperKm
          (f64.add (f64.add (local.get $centre) (local.get $reach)) (local.get $slack)))
        (if (f64.gt (local.get $lowerKm) (local.get $edgeKm)) (then (return (f64.const -2))))
        (if (i32.and
              (f64.gt (local.get $lowerKm) (local.get $withinKm))
              (f64.le (local.get $upperKm) (local.get $edgeKm)))
          (then (return (local.get $upperKm))))))
    (local.set $landKm
      (call $nearestKm
        (local.get $lat) (local.get $lon) (f64.min (local.get $withinKm) (local.get $edgeKm))))
    (if (i32.and
          (f64.lt (local.get $withinKm) (local.get $edgeKm))
          (f64.gt (local.get $landKm) (local.get $edgeKm)))
      (then
        (local.set $nearby (call $upperBoundKm (local.get $lat) (local.get $lon)))
        (local.set $landKm
          (if (result f64) (f64.le (local.get $nearby) (local.get $edgeKm))
            (then (local.get $nearby))
            (else (call $nearestKm (local.get $lat) (local.get $lon) (local.get $edgeKm)))))))
    (if (result f64) (f64.gt (local.get $landKm) (local.get $edgeKm))
      (then (f64.const -2))
      (else (local.get $landKm)))))
