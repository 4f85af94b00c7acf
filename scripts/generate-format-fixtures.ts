/**
 * generate-format-fixtures: writes `fixtures/formats/`, small SIMULATED files in every input format
 * sortie reads, each with the quirks its reader must handle. Deterministic (no clock, no randomness).
 *
 * One scenario runs through them: RC-135V AE01C7 (callsign JAKE21) flies up the Gulf of California
 * on 2025-02-03 from 16:00 to 16:40 UTC. An SBS log (readsb, UTC), three aircraft.json snapshots
 * and a FlightRadar24 per-flight CSV (no address, tied to AE01C7 by its callsign) all record it:
 * together they are one mission. Everything else is quirks and negatives away from the Gulf.
 *
 * Usage: node dist/scripts/generate-format-fixtures.js [outDir]   (default fixtures/formats)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { dbfBytes } from './dbf-bytes.js';

const OUT = process.argv[2] ?? 'fixtures/formats';
const T0 = Date.UTC(2025, 1, 3, 16, 0, 0);
const MISSION_S = 2400;
const HEX = 'AE01C7';
const CALLSIGN = 'JAKE21';

/** The scenario's track, t seconds after 16:00Z: up the Gulf's axis from 25.8N 110.0W. */
function track(t: number): { lat: number; lon: number; altFt: number; gsKt: number; trk: number } {
  const f = t / MISSION_S;
  return {
    lat: round(25.8 + 1.2 * f, 5),
    lon: round(-110.0 - 1.2 * f, 5),
    altFt: 25000,
    gsKt: 250,
    trk: 315,
  };
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `YYYY/MM/DD` and `HH:MM:SS.mmm` of an instant shifted by `offsetMin` (wall clock of that zone). */
function sbsClock(ms: number, offsetMin = 0): [string, string] {
  const d = new Date(ms + offsetMin * 60_000);
  return [
    `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`,
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`,
  ];
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const isoSpace = (ms: number): string => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');

function write(path: string, content: string | Buffer): void {
  const full = join(OUT, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

/** One SBS line: 22 fields; `f` sets fields by their 1-based number (as in FORMATS.md). */
function sbsLine(
  type: number,
  hex: string,
  ms: number | null,
  f: Record<number, string>,
  offsetMin = 0,
) {
  const [date, time] = ms === null ? ['', ''] : sbsClock(ms, offsetMin);
  const fields = ['MSG', String(type), '1', '1', hex, '1', date, time, date, time];
  for (let i = 11; i <= 22; i += 1) fields.push(f[i] ?? '');
  return fields.join(',');
}

// ---------------------------------------------------------------------------------------------

function sbsFixtures(): void {
  // readsb (UTC): positions every 30 s with velocity, ident every 5 min, surveillance replies,
  // a TIS-B (~) address, a geometric (H) altitude, a surface position of an airliner.
  const lines: string[] = [];
  for (let t = 0; t <= MISSION_S; t += 30) {
    const ms = T0 + t * 1000;
    const p = track(t);
    if (t % 300 === 0) lines.push(sbsLine(1, HEX, ms, { 11: CALLSIGN.padEnd(8), 22: '0' }));
    lines.push(sbsLine(4, HEX, ms + 200, { 13: String(p.gsKt), 14: String(p.trk), 17: '0' }));
    const alt = t === 600 ? `${p.altFt + 150}H` : String(p.altFt);
    lines.push(
      sbsLine(3, HEX, ms + 400, { 12: alt, 15: String(p.lat), 16: String(p.lon), 22: '0' }),
    );
    if (t % 120 === 0) lines.push(sbsLine(5, HEX, ms + 600, { 12: String(p.altFt), 22: '0' }));
    if (t % 240 === 0) lines.push(sbsLine(6, HEX, ms + 700, { 18: '4513', 22: '0' }));
  }
  lines.push(sbsLine(3, '~1A2B3C', T0 + 900_000, { 12: '3000', 15: '32.7', 16: '-117.1' }));
  lines.push(sbsLine(7, 'A0B1C2', T0 + 910_000, { 12: '1200' }));
  lines.push(sbsLine(8, 'A0B1C2', T0 + 920_000, {}));
  lines.push(
    sbsLine(2, 'A0B1C2', T0 + 930_000, {
      13: '12',
      14: '90',
      15: '32.7336',
      16: '-117.1897',
      22: '-1',
    }),
  );
  lines.push(sbsLine(3, 'A0B1C2', T0 + 940_000, { 12: '', 15: '', 16: '' }));
  lines.push('STA,,1,1,A0B1C2,1,2025/02/03,16:16:00.000,2025/02/03,16:16:00.000,RM');
  write('sbs/readsb-utc.txt', lines.join('\n') + '\n');

  // dump1090-fa writes the receiver's local time: Hermosillo is UTC-7 all year.
  const local: string[] = [];
  for (let k = 0; k < 4; k += 1) {
    const ms = Date.UTC(2025, 1, 5, 18, 0, 0) + k * 60_000;
    local.push(sbsLine(1, 'A0B1C2', ms, { 11: 'AMX123  ' }, -7 * 60));
    local.push(
      sbsLine(
        3,
        'A0B1C2',
        ms + 500,
        { 12: '35000', 15: String(29.1 + k * 0.05), 16: '-111.0' },
        -7 * 60,
      ),
    );
  }
  write('sbs/dump1090fa-local-time.txt', local.join('\n') + '\n');

  // A recorder's ISO timestamp before each line; the SBS dates are empty on some (old dump1090).
  const rec: string[] = [];
  for (let k = 0; k < 3; k += 1) {
    const ms = Date.UTC(2025, 1, 5, 19, 0, 0) + k * 10_000;
    const recorder = new Date(ms).toISOString().replace('Z', '+00:00');
    rec.push(
      `${recorder},MSG,3,,,A0B1C2,,,,,,,${33000 + k * 100},,,${30 + k * 0.01},-112.5,,,0,0,0,0`,
    );
  }
  rec.push(
    `2025-02-05T19:00:40.000+00:00,${sbsLine(3, 'A0B1C2', Date.UTC(2025, 1, 5, 19, 0, 40), { 12: '33500', 15: '30.04', 16: '-112.5' })}`,
  );
  write('sbs/recorder-prefixed.txt', rec.join('\n') + '\n');

  // Original dump1090: no ids, no dates, no recorder: nothing can be placed in time.
  write(
    'sbs/original-dump1090.txt',
    [
      'MSG,3,,,A0B1C2,,,,,,,2525,,,33.96693,-118.25598,,,0,0,0,0',
      'MSG,5,,,A0B1C2,,,,,,,2500,,,,,,,,,,',
    ].join('\n') + '\n',
  );
}

function fr24Fixtures(): void {
  // 7 columns, CRLF, one fix a minute of the scenario: no address, tied to AE01C7 by callsign.
  const rows = ['Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction'];
  for (let t = 15; t <= MISSION_S; t += 60) {
    const ms = T0 + t * 1000;
    const p = track(t);
    rows.push(
      `${ms / 1000},${iso(ms)},${CALLSIGN},"${p.lat},${p.lon}",${p.altFt},${p.gsKt},${p.trk}`,
    );
  }
  write('fr24-flight/JAKE21_3a2b1c0d.csv', rows.join('\r\n') + '\r\n');

  // 6 columns (the original blog layout), a callsign no other input has, one broken row.
  const six = ['Timestamp,Callsign,Position,Altitude,Speed,Direction'];
  const base = Date.UTC(2025, 1, 7, 10, 0, 0) / 1000;
  for (let k = 0; k < 5; k += 1)
    six.push(`${base + k * 60},SJY999,"${-6.1 + k * 0.01},106.7",${k * 1000},${200 + k},45`);
  six.push(`not-a-time,SJY999,"-6.0,106.7",5000,250,45`);
  write('fr24-flight/SJY999_26000000.csv', six.join('\n') + '\n');
}

function fr24BulkFixtures(): void {
  write(
    'fr24-bulk/20250204_flights.csv',
    [
      'flight_id,aircraft_id,reg,equip,callsign,flight,schd_from,schd_to,real_to,reserved',
      `301000001,${parseInt(HEX, 16)},6414845,R135,JAKE22,NA,OFF,OFF,OFF,NA`,
      '301000002,0,NA,B738,AMX456,AM456,MEX,TIJ,TIJ,NA',
      'not-a-flight,1,NA,NA,NA,NA,NA,NA,NA,NA',
    ].join('\n') + '\n',
  );
  // The squawk is the 4-digit code read as hex, written in decimal: 0x4513 = 17683.
  const pos = ['snapshot_id,altitude,heading,latitude,longitude,radar_id,speed,squawk'];
  const base = Date.UTC(2025, 1, 4, 15, 0, 0) / 1000;
  for (let k = 0; k < 6; k += 1)
    pos.push(`${base + k * 60},${20000 + k * 1000},180,${33.5 - k * 0.05},-116.0,3517,300,17683`);
  pos.push(`${base + 400},21000,180,,,3517,300,17683`);
  write('fr24-bulk/20250204_positions/20250204_301000001.csv', pos.join('\n') + '\n');
  const other = ['snapshot_id,altitude,heading,latitude,longitude,radar_id,speed,squawk'];
  for (let k = 0; k < 3; k += 1) other.push(`${base + k * 60},0,90,19.43,-99.07,4001,${k * 5},0`);
  write('fr24-bulk/20250204_positions/20250204_301000002.csv', other.join('\n') + '\n');
}

function openskyFixtures(): void {
  const header =
    'time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,alert,spi,squawk,baroaltitude,geoaltitude,lastposupdate,lastcontact,hour';
  const hour = Date.UTC(2025, 1, 5, 20, 0, 0) / 1000;
  const rows = [header];
  for (let k = 0; k < 5; k += 1) {
    const t = hour + k * 10;
    const ground = k === 0 ? 'TRUE' : k === 1 ? 'True' : 'false';
    rows.push(
      `${t},012345,${32.0 + k * 0.01},-115.0,${k === 0 ? 0 : 120.5},90,0,AMX123  ,${ground},FALSE,false,${k === 2 ? '' : '0123'},${k === 0 ? '' : 3048},3100,${t - 0.5},${t - 0.2},${hour}`,
    );
  }
  rows.push(
    `${hour + 60},012345,NaN,NaN,120,90,0,AMX123,false,false,false,NaN,3048,3100,${hour + 59},${hour + 59.5},${hour}`,
  );
  rows.push(
    `${hour + 70},012345,32.1,-115.0,120,90,0,AMX123,false,false,false,,3048,3100,${hour + 10},${hour + 20},${hour}`,
  );
  rows.push(`${hour + 80},012345,32.1,-115.0`);
  write('opensky-states/states_2025-02-05-20.csv', rows.join('\n') + '\n');
  const noHour = [
    header.replace(',hour', ''),
    `${hour},abcdef,31.0,-114.0,100,0,0,,False,False,False,7000,1000,1000,${hour},${hour}`,
  ];
  write('opensky-states/states_no_hour.csv.gz', gzipSync(Buffer.from(noHour.join('\n') + '\n')));
}

function readsbTraceFixtures(): void {
  // Gzip-compressed under a .json name, as globe_history serves it. Near San Diego, 2025-02-06.
  const base = Date.UTC(2025, 1, 6, 14, 0, 0) / 1000;
  const trace = {
    icao: HEX.toLowerCase(),
    r: '64-14845',
    t: 'R135',
    dbFlags: 1,
    desc: 'BOEING RC-135V',
    timestamp: base,
    trace: [
      [
        0,
        32.87,
        -117.14,
        'ground',
        5,
        90,
        0,
        null,
        { flight: 'JAKE23  ', squawk: '4513' },
        'adsb_icao',
      ],
      [60, 32.87, -117.12, 'ground', 120, 90, 0, null, null, 'adsb_icao'],
      [120, 32.9, -117.0, 2000, 180, 80, 2, 1500, null, 'adsb_icao'],
      [180, 32.95, -116.9, null, 220, 80, 0, 1500, null, 'mlat'],
      [240, 33.0, -116.8, 8000, 250, 80, 1, 1500, { flight: 'JAKE23' }, 'adsb_icao'],
      [300, 'x', -116.7, 9000, 250, 80, 0, 1500, null, 'adsb_icao'],
      'garbage',
    ],
  };
  write(
    'readsb-trace/traces/c7/trace_full_ae01c7.json',
    gzipSync(Buffer.from(JSON.stringify(trace))),
  );
  write(
    'readsb-trace/traces/3c/trace_recent_~1a2b3c.json',
    JSON.stringify({
      icao: '~1a2b3c',
      timestamp: base,
      trace: [[0, 32.7, -117.1, 3000, 150, 0, 0, null, null, 'tisb_other']],
    }) + '\n',
  );
}

function aircraftJsonFixtures(): void {
  const entry = (t: number, seenPos: number) => {
    const p = track(t - seenPos);
    return { lat: p.lat, lon: p.lon, seen_pos: seenPos, track: p.trk };
  };
  const others = [
    { hex: '~1a2b3c', type: 'tisb_other', lat: 32.7, lon: -117.1, seen_pos: 1, alt_baro: 3000 },
    { hex: 'a0b1c2', type: 'mode_s', flight: 'AMX123  ', alt_baro: 35000, seen: 2 },
    {
      hex: '0d0a0b',
      type: 'adsb_icao',
      r: 'XA-ABC',
      t: 'B738',
      alt_baro: 'ground',
      gs: 0,
      lat: 32.54,
      lon: -116.97,
      seen_pos: 3,
    },
    {
      hex: 'a1b2c3',
      type: 'adsc',
      t: 'B77W',
      alt_baro: 37000,
      lat: 20.0,
      lon: -130.0,
      seen_pos: 7200,
    },
    {
      hex: 'a2b3c4',
      type: 'mode_s',
      t: 'A321',
      lastPosition: { lat: 31.5, lon: -113.5, seen_pos: 300 },
      seen: 5,
    },
  ];
  // readsb: `now` in seconds, alt_baro/gs, r/t/dbFlags from its database.
  const now1 = T0 / 1000 + 600;
  write(
    'aircraft-json/snapshots/2025-02-03T1610Z.json',
    JSON.stringify(
      {
        now: now1,
        messages: 123456,
        aircraft: [
          {
            hex: HEX.toLowerCase(),
            type: 'adsb_icao',
            flight: `${CALLSIGN}  `,
            r: '64-14845',
            t: 'R135',
            dbFlags: 1,
            alt_baro: 25000,
            gs: 250,
            squawk: '4513',
            ...entry(600, 1.5),
          },
          ...others,
        ],
      },
      null,
      1,
    ) + '\n',
  );
  // The v2 APIs (ADS-B Exchange, adsb.lol): `now` in milliseconds, aircraft under `ac`.
  write(
    'aircraft-json/snapshots/2025-02-03T1620Z.json',
    JSON.stringify({
      ac: [
        {
          hex: HEX.toLowerCase(),
          type: 'adsb_icao',
          flight: CALLSIGN,
          t: 'R135',
          alt_baro: 25000,
          gs: 250,
          ...entry(1200, 0.4),
        },
        ...others,
      ],
      msg: 'No error',
      now: T0 + 1_200_000,
      total: 6,
      ctime: T0 + 1_200_000,
      ptime: 12,
    }) + '\n',
  );
  // Old dump1090-fa: altitude/speed/vert_rate, no database fields.
  write(
    'aircraft-json/snapshots/2025-02-03T1630Z.json',
    JSON.stringify({
      now: T0 / 1000 + 1800,
      messages: 99,
      aircraft: [
        {
          hex: HEX.toLowerCase(),
          squawk: '4513',
          flight: `${CALLSIGN}  `,
          altitude: 25000,
          speed: 250,
          vert_rate: 0,
          nucp: 7,
          mlat: [],
          tisb: [],
          messages: 120,
          rssi: -20,
          ...entry(1800, 0.8),
        },
        { hex: 'a0b1c2', altitude: 35000, speed: 450, seen: 1, messages: 5 },
      ],
    }) + '\n',
  );
}

function adsbxTraceCsvFixtures(): void {
  const base = Date.UTC(2025, 1, 6, 0, 0, 0);
  const header =
    'time,lat,lon,altitude,ground_speed,heading,details,alt_geom,nnumber,model,desc,timestamp,ping_time,icao';
  const row = (s: number, lat: number, alt: string, details: string, ping = true) =>
    `${s},${lat},-117.0,${alt},200.0,80.0,${details},,64-14845,R135,BOEING RC-135V,2025-02-06,${ping ? isoSpace(base + s * 1000) : ''},ae01c7`;
  const details = `"{'type': 'adsb_icao', 'flight': 'JAKE24  ', 'squawk': '4513', 'alt_geom': 9100}"`;
  // Two traces concatenated: rows out of time order; the second without its ping_time.
  write(
    'adsbx-trace-csv/raw_AE01C7_2025-02-06_2025-02-06.csv',
    [
      header,
      row(54060.5, 32.95, '9000', details),
      row(54000.25, 32.9, 'ground', ''),
      row(54120, 33.0, '10000', '', false),
      row(54030, 32.92, '4000', ''),
    ].join('\n') + '\n',
  );
  write(
    'adsbx-trace-csv/flight_traces_ae01c7_20250206.csv',
    [
      'point_time,flight_date_pst,altitude,ground_speed,heading,lat,lon,icao,call_sign,leg_id,flight_leg,geometry',
      `${isoSpace(base + 54000_250)},2025-02-06,ground,5.0,80.0,32.9,-117.0,ae01c7,JAKE24,1,JAKE24_leg1,POINT (-117.0 32.9)`,
      `${isoSpace(base + 54060_500)},2025-02-06,9000,200.0,80.0,,,ae01c7,JAKE24,1,JAKE24_leg1,POINT (-117.0 32.95)`,
      `${isoSpace(base + 54120_000)},2025-02-06,10000,200.0,80.0,33.0,-117.0,ae01c7,JAKE24,1,JAKE24_leg1,`,
    ].join('\n') + '\n',
  );
}

function planeAlertFixtures(): void {
  write(
    'plane-alert-log/plane-alert-2025-02-03.csv',
    [
      `${HEX},64-14845,USAF,Boeing RC-135V,2025/02/03,09:10:00,26.20,-110.40,${CALLSIGN},https://globe.adsbexchange.com/?icao=${HEX}&showTrace=2025-02-03`,
      '0D0A0B,XA-ABC,Aeromexico,Boeing 737-800,2025/02/03,10:00:00,29.00,-111.00,AMX123,https://globe.adsbexchange.com/?icao=0D0A0B&showTrace=2025-02-03',
      '0D0A0B,XA-ABC,Aeromexico,Boeing 737-800,2025/02/03,25:99:00,29.00,-111.00,AMX123,https://globe.adsbexchange.com/?icao=0D0A0B&showTrace=2025-02-03',
    ].join('\n') + '\n',
  );
  // Newer Planefence appends the alert list's columns; only the first ten are read.
  write(
    'plane-alert-log/all-plane-alerts.txt',
    `AE6881,????,United States Navy,Boeing P-8A Poseidon,2025/02/04,08:00:00,27.00,-111.20,PELT31,https://globe.adsbexchange.com/?icao=AE6881&showTrace=2025-02-04,Maritime Patrol,Eye In The Sky,United States Navy\n`,
  );
}

function genericCsvFixtures(): void {
  const ms = Date.UTC(2025, 1, 8, 12, 0, 0);
  write(
    'generic-csv/units-in-names.csv',
    [
      'timestamp_utc,icao,callsign,latitude,longitude,altitude_m,speed_kmh,heading',
      `${iso(ms)},AE6881,PELT31,27.0,-111.2,7620,740.8,135`,
      `${new Date(ms + 60_000).toISOString()},AE6881,PELT31,26.99,-111.19,7620,740.8,135`,
      `2025-02-08T05:02:00-07:00,AE6881,PELT31,26.98,-111.18,7620,740.8,135`,
      `2025-02-08 12:03:00,~ABCDEF,,26.97,-111.17,7620,740.8,135`,
      `,AE6881,PELT31,26.96,-111.16,7620,740.8,135`,
    ].join('\n') + '\n',
  );
  write(
    'generic-csv/date-and-time.csv',
    [
      'date,time,hex,lat,lon,alt',
      '2025-02-08,05:10:00,ae6881,26.9,-111.1,25000',
      '2025-02-08,05:11:00,ae6881,26.89,-111.09,ground',
    ].join('\n') + '\n',
  );
  write(
    'generic-csv/needs-map.csv',
    [
      'obs_time,x,y,z,id',
      `${ms / 1000 + 900},-111.0,26.8,7000,ae6881`,
      `${ms / 1000 + 960},-110.99,26.79,7000,ae6881`,
    ].join('\n') + '\n',
  );
  write(
    'generic-csv/wkt-points-epoch-ms.csv',
    [
      'time,icao24,callsign,geometry',
      `${ms + 1_200_000},ae6881,PELT31,POINT (-110.9 26.7)`,
      `${ms + 1_260_000},ae6881,PELT31,POINT Z (-110.89 26.69 7000)`,
      `${ms + 1_320_000},ae6881,PELT31,"LINESTRING (0 0, 1 1)"`,
    ].join('\n') + '\n',
  );
}

function dbfFixtures(): void {
  const fields = [
    { name: 'point_time', type: 'C', length: 24 },
    { name: 'flight_dat', type: 'D', length: 8 },
    { name: 'altitude', type: 'C', length: 8 },
    { name: 'ground_speed', type: 'N', length: 12, decimals: 3 },
    { name: 'lat', type: 'N', length: 12, decimals: 6 },
    { name: 'lon', type: 'N', length: 12, decimals: 6 },
    { name: 'icao', type: 'C', length: 6 },
    { name: 'call_sign', type: 'C', length: 8 },
    { name: 'on_ground', type: 'L', length: 1 },
  ];
  const records = [
    [
      '2025-02-06 16:00:00.000',
      '20250206',
      '0',
      '10.000',
      '32.900000',
      '-117.000000',
      'ae01c7',
      'JAKE25',
      'T',
    ],
    [
      '2025-02-06 16:01:00.000',
      '20250206',
      '3000',
      '180.500',
      '32.950000',
      '-116.950000',
      'ae01c7',
      'JAKE25',
      'F',
    ],
    [
      '2025-02-06 16:02:00.000',
      '20250206',
      '5000',
      '220.000',
      '33.000000',
      '-116.900000',
      'ae01c7',
      'JAKE25',
      'F',
    ],
    [
      '2025-02-06 16:03:00.000',
      '20250206',
      '6000',
      '230.000',
      '33.050000',
      '-116.850000',
      'ae01c7',
      'JAKE25',
      '?',
    ],
  ];
  write('dbf/flight_points.dbf', dbfBytes(fields, records, new Set([3])));
  write('dbf/flight_points.cpg', 'UTF-8');
}

function registryFixtures(): void {
  // An RC-135W missing from the bundled table is added; AE01C7's blank typecode must not erase it.
  write(
    'registries/aircraftDatabase.csv',
    [
      '"icao24","registration","manufacturericao","manufacturername","model","typecode","serialnumber","linenumber","icaoaircrafttype","operator","operatorcallsign","operatoricao","operatoriata","owner","testreg","registered","reguntil","status","built","firstflightdate","seatconfiguration","engines","modes","adsb","acars","notes","categoryDescription"',
      '"adf7c9","62-4139","BOEING","Boeing","RC-135W Rivet Joint","R135","","","L4J","United States Air Force","","","","","","","","","","","","","false","false","false","",""',
      '"ae01c7","64-14845","BOEING","Boeing","","","","","","","","","","","","","","","","","","","false","false","false","",""',
      '"0d0a0b","XA-ABC","BOEING","Boeing","737-8","B738","","","L2J","Aeromexico, S.A.","","AMX","AM","","","","","","","","","","false","false","false","",""',
    ].join('\n') + '\n',
  );
  write(
    'registries/aircraft-database-complete-2025-01.csv',
    [
      "'icao24','timestamp','acars','adsb','built','categoryDescription','country','engines','firstFlightDate','firstSeen','icaoAircraftClass','lineNumber','manufacturerIcao','manufacturerName','model','modes','nextReg','notes','operator','operatorCallsign','operatorIata','operatorIcao','owner','prevReg','regUntil','registered','registration','selCal','serialNumber','status','typecode','vdl'",
      "'adf7ca','2025-01-01 00:00:00','false','false','','','United States','','','','L4J','','BOEING','Boeing','P-8A Poseidon','false','','','United States Navy','','','','','','','','169999','','','','P8','false'",
      "'0d0a0c','2025-01-01 00:00:00','false','false','','','Mexico','','','','L2J','','BOEING','Boeing','737-8','false','','','Aeromexico','','','','','','','','XA-ABD','','','','B738','false'",
    ].join('\n') + '\n',
  );
}

/** The folders this script owns; README.md beside them is written by hand. */
const GENERATED = [
  'sbs',
  'fr24-flight',
  'fr24-bulk',
  'opensky-states',
  'readsb-trace',
  'aircraft-json',
  'adsbx-trace-csv',
  'plane-alert-log',
  'generic-csv',
  'dbf',
  'registries',
];
for (const dir of GENERATED) rmSync(join(OUT, dir), { recursive: true, force: true });
sbsFixtures();
fr24Fixtures();
fr24BulkFixtures();
openskyFixtures();
readsbTraceFixtures();
aircraftJsonFixtures();
adsbxTraceCsvFixtures();
planeAlertFixtures();
genericCsvFixtures();
dbfFixtures();
registryFixtures();
