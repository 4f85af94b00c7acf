/**
 * Walks the members of a tar through a ByteStore: headers read where they are, bodies left where
 * they lie (the caller reads the ones it wants), and damage survived. After a block that is no
 * header, the next one is searched for at any byte offset (the `ustar` magic at +257 and a valid
 * checksum): a split release cut short or missing bytes in the middle (adsb.lol days with gaps)
 * leaves the headers after the gap off the 512-byte grid, where GNU tar and the tar libraries stop
 * or lose everything after it. Every step reads before it changes any state, so a stream's store
 * can throw NeedMore and have the step retried once more bytes have come.
 */
import type { ByteStore } from './byte-store.js';
import { RangePieces } from '../fast/range-pieces.js';
import type { TarSkipKernel } from './tar-kernel.js';
import {
  BLOCK,
  trustedHeader,
  headerName,
  headerSize,
  headerType,
  isZeroBlock,
  MAGIC_OFFSET,
  paddedSize,
  paxPath,
  plainTraceAddress,
  TAIL_ALLOWED_BYTES,
} from './tar-header.js';

export interface TarEntry {
  /** The path inside the archive as stored (`./traces/...` in adsb.lol's days): `tar -x` finds it by this. */
  readonly name: string;
  /** '0' file, '5' folder, '2' symlink, ... */
  readonly type: string;
  readonly bodyOffset: number;
  /** The size the header states. */
  readonly size: number;
  /** Bytes of the body the data holds: less than `size` when the member was cut. */
  readonly present: number;
}

/** What went wrong in an archive, and what reading did about it. */
export interface TarDamage {
  /** Times a header had to be searched for after a block that was none. */
  resyncs: number;
  /** Bytes passed over that belonged to no member found. */
  bytesSkipped: number;
  /** Members whose body a gap or the end of the data cut short. */
  cut: number;
  /** The data ended without the end-of-archive blocks (a truncated copy or upload). */
  noEndMarker: boolean;
}

const SEARCH_CHUNK = 1 << 16;
/**
 * How much of a member's body, back from its stated end, is searched for members a gap brought
 * into it when that end lands on zeros: gaps up to this long are found in a member of any size,
 * and the search of the last member of a day (the end blocks follow it) stays bounded.
 */
const BODY_SEARCH_BYTES = 16 << 20;
/**
 * How much of a member's body, with the block after it, is looked at on its blocks for members a
 * gap swallowed when its stated end lands on a header (toStatedEnd): the last of them must begin
 * there. A window's worth: an adsb.lol trace is ~8 KB, and a big member left out (an OpenSky hour
 * not selected) costs one window more, not its body.
 */
const BLOCK_SCAN_BYTES = 1 << 20;
/**
 * A member named as a tar or a piece of one (`x.tar`, `x.tar.ab`, `x.tar.part`): tar data that may
 * lack its end blocks (pieces of a tar packed in a tar end where its members do, one in ~17).
 */
const TAR_NAMED = /\.tar(?:$|\.)/i;
/** The most a tar's end takes: its two end-of-archive blocks, then its last record's padding. */
const END_BYTES = TAIL_ALLOWED_BYTES + 2 * BLOCK;
/** A tar's record: it is written in whole records (GNU tar's default blocking factor, 20). */
const RECORD_BYTES = 20 * BLOCK;
/** Searches a step retried resumes (see findHeader). */
const SEARCHES_REMEMBERED = 4;
/** A search's key among those remembered: where it began, and its bound. */
const searchKey = (from: number, before: number): string => `${from}:${before}`;
const MAGIC = Buffer.from('ustar', 'latin1');
/** A GNU long name or pax record bigger than this names nothing: a damaged header. */
const NAME_RECORD_LIMIT = 1 << 20;

/**
 * A byte range of the data to walk (see TarWalker): the members whose headers lie in
 * [start, end), the walk starting at the first valid header at or after `start`.
 */
export interface WalkRange {
  readonly start: number;
  readonly end: number;
  /**
   * The range as a piece of the day's (range-pieces.ts): another thread may cut off the rest of it
   * past what the walk has claimed, and its end then comes nearer.
   */
  readonly piece?: RangePiece | undefined;
}

/** A range as a piece of the day's (see RangePieces): the pieces' memory, and its slot there. */
export interface RangePiece {
  readonly buffer: SharedArrayBuffer;
  readonly slot: number;
  /** How far ahead the walk claims what it is about to walk (CLAIM_AHEAD_BYTES unless given). */
  readonly claimAheadBytes?: number | undefined;
}

/**
 * How far ahead a range's walk claims the members it is about to walk: the least another thread
 * can no longer cut off (8 MiB is 2 ms of walking), and one lock taken per that much.
 */
const CLAIM_AHEAD_BYTES = 8 << 20;

/** What a step gives for a member passed over by its address alone (see `leftOut`). */
const LEFT_OUT = Symbol('left out');

export class TarWalker {
  private readonly store: ByteStore;
  /**
   * Traces a selection leaves out, by the address in their name (`trace_full_<hex>.json`): such a
   * member, whole, is counted in `leftOutCount` and not returned; no name or entry is made for it
   * (a day's ~300,000 members, a few hundred of them wanted).
   */
  private readonly leftOut: ((address: number) => boolean) | undefined;
  private pos = 0;
  private done = false;
  readonly damage: TarDamage = { resyncs: 0, bytesSkipped: 0, cut: 0, noEndMarker: false };
  /** Members passed over by `leftOut`. */
  leftOutCount = 0;
  /** The size of a header already read and found valid at an offset (the one after the last body). */
  private checkedOffset = -1;
  private checkedSize = 0;
  /** The long name (GNU `L`, pax `x`) of the member `following` is given, if it had one. */
  private followingName: string | null = null;
  /** What `following` found: the bytes of the body present, and where the next step starts. */
  private followPresent = 0;
  private followNext = 0;
  private readonly delta: TarDamage = { resyncs: 0, bytesSkipped: 0, cut: 0, noEndMarker: false };
  /** The walk ends at the first member at or after this offset (a range's end). */
  private stopAt: number;
  private readonly rangeStart: number;
  /** The range as a piece another thread may cut from, and how far the walk has claimed it. */
  private readonly piece: {
    readonly pieces: RangePieces;
    readonly slot: number;
    readonly claimAheadBytes: number;
  } | null;
  private claimedTo = Number.NEGATIVE_INFINITY;
  private started = false;
  /**
   * Where the walk began: 0, or for a range the first valid header found from its start (null:
   * none, so the range walked nothing).
   */
  startedAt: number | null = 0;
  /**
   * Where a range's walk stopped: the offset of the first member at or after its end, which the
   * next range must have started at; null when the walk reached the end of the archive.
   */
  stoppedAt: number | null = null;

  /** Passes over left-out members in the store's window where it lies in the kernel's memory. */
  private readonly kernel: TarSkipKernel | null;

  /**
   * `kernel`, when given, must hold the same selection as `leftOut` (its wanted bitmap the
   * addresses `leftOut` keeps); it is used when the store reads into the kernel's window (a
   * PartsStore made with it), whose place never changes. With `range`, only the members whose
   * headers lie in it are walked (one thread's share of a day): the walk starts at the first header
   * searched from its start, so the ranges' walks are the whole walk only when each range started
   * where the one before it stopped (`startedAt`, `stoppedAt`: the caller checks).
   */
  constructor(
    store: ByteStore,
    leftOut?: (address: number) => boolean,
    kernel?: TarSkipKernel | null,
    range?: WalkRange,
  ) {
    this.store = store;
    this.leftOut = leftOut;
    this.rangeStart = range?.start ?? 0;
    this.stopAt = range?.end ?? Number.POSITIVE_INFINITY;
    this.piece =
      range?.piece === undefined
        ? null
        : {
            pieces: new RangePieces(range.piece.buffer),
            slot: range.piece.slot,
            claimAheadBytes: range.piece.claimAheadBytes ?? CLAIM_AHEAD_BYTES,
          };
    if (this.piece === null) this.claimedTo = this.stopAt;
    const window = kernel?.window;
    const inWindow =
      window !== undefined &&
      store.bytes.buffer === window.buffer &&
      store.bytes.byteOffset === window.byteOffset;
    this.kernel = leftOut !== undefined && inWindow ? (kernel as TarSkipKernel) : null;
  }

  /** Bytes of the data, known at its end (for a stream) or from the start (files). */
  private dataEnd(): number {
    return this.store.size ?? Number.POSITIVE_INFINITY;
  }

  /** The next member (`leftOut` ones passed over), or null at the end. Retry it after NeedMore. */
  next(): TarEntry | null {
    if (!this.started) this.start();
    for (;;) {
      this.claimFrom(this.pos);
      if (this.rangeEnded()) return this.ended();
      if (this.kernel !== null) {
        this.skipInKernel(this.kernel);
        this.claimFrom(this.pos);
        if (this.rangeEnded()) return this.ended();
      }
      const entry = this.step();
      if (entry === null) return this.ended();
      if (entry !== LEFT_OUT) return entry;
    }
  }

  /**
   * A piece's members from `pos` on are claimed (`claimAheadBytes` more) before they are walked:
   * another thread cuts only past what is claimed, and the range's end is what is left after cuts.
   */
  private claimFrom(pos: number): void {
    if (this.piece === null || pos < this.claimedTo) return;
    const to = pos + this.piece.claimAheadBytes;
    this.stopAt = this.piece.pieces.commit(this.piece.slot, to);
    this.claimedTo = Math.min(to, this.stopAt);
  }

  /**
   * A search past damage (zeros written over data, no header) landed on the header at `pos`: at or
   * past the range's end, the walk stops there as `rangeEnded` would, where the next range's
   * search finds it (it went on to walk that member too, and the day was read again whole).
   */
  private resyncedPastEnd(pos: number, longName: string | null): boolean {
    if (longName !== null) return false;
    this.claimFrom(pos);
    return pos >= this.stopAt;
  }

  private stopAfterResync(pos: number, delta: TarDamage): null {
    this.commit(pos, delta);
    this.done = true;
    this.stoppedAt = pos;
    return null;
  }

  /** The walk is over: nothing of its piece is left for another thread to cut. */
  private ended(): null {
    this.piece?.pieces.commit(this.piece.slot, Number.POSITIVE_INFINITY);
    return null;
  }

  /** A range's walk starts at the first header from its start (one past the end when none). */
  private start(): void {
    if (this.rangeStart > 0) {
      const found = this.findHeader(this.rangeStart);
      this.startedAt = found;
      if (found === null) this.done = true;
      else this.pos = found;
    }
    this.started = true;
  }

  /**
   * The walk is at or past its range's end, on a header the next range's search would find there
   * (the ustar magic, a valid checksum): it stops (and says where). Elsewhere past the end (zero
   * blocks, damage, the data's end) it goes on as the whole walk would, to the next such header
   * or the archive's end.
   */
  private rangeEnded(): boolean {
    if (this.done || this.pos < this.stopAt || this.pos + BLOCK > this.dataEnd()) return false;
    const at = this.store.locate(this.pos, BLOCK);
    if (at < 0) return false;
    const block = this.store.bytes;
    if (!trustedHeader(block, at)) return false;
    this.done = true;
    this.stoppedAt = this.pos;
    return true;
  }

  /**
   * The left-out members from `pos` on that the kernel settles alone, passed over as `step` would
   * (a whole trace not wanted, a valid header after it): none when `pos` cannot be read.
   */
  private skipInKernel(kernel: TarSkipKernel): void {
    // At or past a range's end the kernel may pass over nothing (the walk goes on there only
    // until a header the next range's search would find).
    if (this.done || this.pos + BLOCK > this.dataEnd() || this.pos >= this.stopAt) return;
    const at = this.store.locate(this.pos, BLOCK);
    const held = this.store.heldBytes;
    if (at < 0 || held === undefined) return;
    // Within a range, only members that end by its end: the next header is then the range's own
    // or the one it stops at.
    const limit = Math.min(this.stopAt, this.claimedTo);
    const { to, passed } = kernel.skip(at, Math.min(held, at + (limit - this.pos) + BLOCK));
    if (passed === 0) return;
    this.pos += to - at;
    this.leftOutCount += passed;
  }

  /** One member: its entry, LEFT_OUT, or null at the end; every state change is at its end. */
  private step(): TarEntry | null | typeof LEFT_OUT {
    if (this.done) return null;
    this.store.release(this.pos);
    let pos = this.pos;
    let longName: string | null = null;
    // Reused, not made per member: committed only when the step ends (a retried step starts anew).
    const delta = this.delta;
    delta.resyncs = 0;
    delta.bytesSkipped = 0;
    delta.cut = 0;
    delta.noEndMarker = false;
    const finish = (): null => {
      this.commit(pos, delta);
      this.done = true;
      return null;
    };
    for (;;) {
      if (pos >= this.dataEnd()) {
        delta.noEndMarker = true;
        return finish();
      }
      // A search from the step's own start, left to wait for a stream's bytes, goes on without
      // that block (the stream may have dropped it with all the search has passed).
      const resumed = pos === this.searchingAt;
      const at = resumed ? -1 : this.store.locate(pos, BLOCK);
      if (at < 0 && !resumed) {
        // A partial block at the very end: a truncated copy.
        const partial = this.store.read(pos, BLOCK).length;
        delta.bytesSkipped += partial;
        delta.noEndMarker = true;
        pos += partial;
        return finish();
      }
      const block = this.store.bytes;
      let size: number;
      if (!resumed && this.checkedOffset === pos) size = this.checkedSize;
      else {
        if (resumed ? this.searchingSkip === BLOCK : isZeroBlock(block, at)) {
          // The end-of-archive marker; a member found after it means zeros were written over data.
          const found = this.searchPast(pos, BLOCK, longName);
          if (found === null) {
            // Past a record's padding, what follows the marker is lost data, not its padding.
            const tail = this.dataEnd() - pos;
            if (tail >= END_BYTES) delta.bytesSkipped += tail;
            pos = this.dataEnd();
            return finish();
          }
          delta.resyncs += 1;
          delta.bytesSkipped += found - pos;
          pos = found;
          if (this.resyncedPastEnd(pos, longName)) return this.stopAfterResync(pos, delta);
          continue;
        }
        size = resumed ? -1 : headerSize(block, at);
      }
      const type = size < 0 ? '' : headerType(block, at);
      const body = pos + BLOCK;
      const end = body + paddedSize(size);
      const named = type === 'L' || type === 'x' || type === 'g';
      // No header, or one naming the next member in more than any name takes (or than the data
      // holds): searched past, as damage. A size of gigabytes there would be read whole.
      if (size < 0 || (named && (size > NAME_RECORD_LIMIT || end > this.dataEnd()))) {
        const found = this.searchPast(pos, 1, longName);
        delta.resyncs += 1;
        if (found === null) {
          delta.bytesSkipped += this.dataEnd() - pos;
          delta.noEndMarker = true;
          pos = this.dataEnd();
          return finish();
        }
        delta.bytesSkipped += found - pos;
        pos = found;
        if (this.resyncedPastEnd(pos, longName)) return this.stopAfterResync(pos, delta);
        continue;
      }
      if (named) {
        // GNU long name, pax extended header (its path), pax global header: they name the next member.
        const bytes = this.store.read(body, size);
        if (type === 'L') longName = Buffer.from(bytes).toString('utf8').replace(/\0+$/, '');
        if (type === 'x') longName = paxPath(bytes) ?? longName;
        pos = end;
        continue;
      }
      const address =
        longName === null && this.leftOut !== undefined ? plainTraceAddress(block, at) : -1;
      const passOver = address >= 0 && (this.leftOut as (address: number) => boolean)(address);
      // The name is made before the look-ahead, which may move the store's window off this block.
      const name = passOver ? null : (longName ?? headerName(block, at));
      this.followingName = longName;
      this.following(body, size, end, delta);
      const present = this.followPresent;
      if (passOver && present >= size) {
        this.commit(this.followNext, delta);
        this.leftOutCount += 1;
        return LEFT_OUT;
      }
      const entry: TarEntry = {
        // A member left out but cut short is damage: its name is wanted after all (read again).
        name: name ?? headerName(this.store.read(pos, BLOCK)),
        type,
        bodyOffset: body,
        size,
        present,
      };
      if (present < size) delta.cut += 1;
      this.commit(this.followNext, delta);
      return entry;
    }
  }

  /**
   * Where the member whose body starts at `body` really ends: at its stated end when a header (or
   * the end marker, or the end of the data) is there and no members inside it lead there; else at
   * the next header found from its body on, which cuts it short when it lies inside the body. The
   * answer is left in `followPresent` and `followNext` (no object made per member).
   */
  private following(body: number, size: number, end: number, delta: TarDamage): void {
    const dataEnd = this.dataEnd();
    if (end > dataEnd) {
      // Stated to end past the data: cut short, or its size is wrong (a damaged header whose
      // checksum holds). A header inside its body is where the walk goes on.
      const found = this.findHeader(body);
      if (found !== null) return this.cutAt(found, body, size, delta);
      return this.follow(Math.max(0, Math.min(size, dataEnd - body)), end);
    }
    // The body's blocks are looked at before the block after it is read, in order: a store reading
    // through a window then only moves it forward (looked at after that block, at a window's edge,
    // they were read back into another window, and members of 0.3 to 10 MB read up to 3 times).
    const swallowed = size > 0 ? this.swallowedFrom(body, end) : null;
    // No whole block after the body (the data ends there, or within a block of it).
    const at = this.store.locate(end, BLOCK);
    if (at < 0) return this.toStatedEnd(swallowed, body, size, end, delta);
    const block = this.store.bytes;
    if (isZeroBlock(block, at)) {
      // The end of the archive, or zeros that a gap in this body brought here (the end's own, or
      // inside a member after it): the members after the gap then lie inside this one's stated
      // body, where a header found is where the walk goes on, as after any gap.
      const found = size > 0 && !this.endsAsWritten(end) ? this.headerInBody(body, end) : null;
      return found === null ? this.follow(size, end) : this.cutAt(found, body, size, delta);
    }
    const nextSize = headerSize(block, at);
    if (nextSize >= 0) {
      this.checkedOffset = end;
      this.checkedSize = nextSize;
      return this.toStatedEnd(swallowed, body, size, end, delta);
    }
    // No header after the body: one inside it cuts the member there (a gap; one in its padding
    // leaves it whole). Else the member is whole, and the next step searches past what follows it
    // (a stream then need not hold all of that while it waits for more).
    const found = size > 0 ? this.findHeader(body, end) : null;
    return found === null ? this.follow(size, end) : this.cutAt(found, body, size, delta);
  }

  /**
   * The member whose body starts at `body` runs to its stated end `end`, where a header or the
   * data's end lies, unless members on its own blocks lead exactly there. A gap in its body as long
   * as the members that followed it brings its stated end onto the header after them, as if
   * nothing were wrong: on an adsb.lol day, where 1 block in 13 to 23 is a header, so does 1 gap in
   * 13 to 23 of whole blocks (a lost 64 KiB chunk, say). The members it swallowed then lie inside
   * the body, on its blocks (the bytes after a gap keep their place on the grid of the header at
   * the stated end), and lead, header after body, to that header: the member is cut at the first
   * of them and the walk goes on from it, as after any gap. A tar inside a member leads to its own
   * end blocks instead, and is left whole, as is a member named as a tar (TAR_NAMED). Tar data
   * without its end blocks that ends where a member not so named ends reads as such a gap.
   */
  private toStatedEnd(
    swallowed: number | null,
    body: number,
    size: number,
    end: number,
    delta: TarDamage,
  ): void {
    const whole =
      swallowed === null ||
      TAR_NAMED.test(this.followingName ?? headerName(this.store.read(body - BLOCK, BLOCK)));
    return whole ? this.follow(size, end) : this.cutAt(swallowed, body, size, delta);
  }

  /**
   * The first header (the ustar magic, a valid checksum) on the 512-byte blocks of the body from
   * `body` to `end`, in its last BLOCK_SCAN_BYTES less a block (with the block after it, a
   * window's worth), from which the members lead, header after body, exactly to `end`; or null.
   * The kernel (kernel/tar.wat) leaves to this walker every member with the magic on such a block.
   * Each block is located on its own, so that a window is read from where the last one ended; a
   * step retried as a stream's bytes arrive goes on from where the look had got to.
   */
  private swallowedFrom(body: number, end: number): number | null {
    const memo = this.blockLook;
    if (memo.body !== body) {
      memo.body = body;
      memo.at = Math.max(body, end + BLOCK - BLOCK_SCAN_BYTES);
      memo.found = null;
    }
    if (memo.found !== null) return memo.found;
    while (memo.at < end) {
      const i = this.store.locate(memo.at, BLOCK);
      if (i < 0) return null;
      if (trustedHeader(this.store.bytes, i)) {
        const walked = this.walkMembers(memo.at, end);
        if (walked.reached === end) return (memo.found = memo.at);
        // The headers that walk passed lead where it went: the look goes on after the last.
        memo.at = walked.last + BLOCK;
      } else memo.at += BLOCK;
    }
    return null;
  }

  /** How far swallowedFrom had got in the body of the member the step under way follows. */
  private readonly blockLook: { body: number; at: number; found: number | null } = {
    body: -1,
    at: 0,
    found: null,
  };

  /**
   * The members from the header at `from`, walked header after body while they lie before `end`:
   * where the walk got to (`end` when they lead exactly there), and the last header it read.
   */
  private walkMembers(from: number, end: number): { reached: number; last: number } {
    let at = from;
    let last = from;
    while (at < end) {
      const i = this.store.locate(at, BLOCK);
      const size = i < 0 ? -1 : headerSize(this.store.bytes, i);
      if (size < 0) break;
      last = at;
      at += BLOCK + paddedSize(size);
    }
    return { reached: at, last };
  }

  /**
   * The member whose body starts at `body` goes on only to the header found at `found` (a gap
   * brought it there): cut short where it lies inside the body, whole where it lies in the padding.
   */
  private cutAt(found: number, body: number, size: number, delta: TarDamage): void {
    delta.resyncs += 1;
    this.follow(Math.min(size, found - body), found);
  }

  /**
   * Whether the zero block at `end` ends the archive as tar writes it: no header after it, whole
   * blocks to the data's end, zeros no longer than a record's padding, and the data whole records
   * of 10,240 bytes (what GNU tar, bsdtar and Python's tarfile write by default; adsb.lol's days
   * are GNU tar's). A gap inside the member rarely leaves all four: a gap of whole blocks keeps the
   * tail whole blocks but not the records. A tar written by a tool that does not fill its last
   * record (Go's) has its last member's body searched too.
   */
  private endsAsWritten(end: number): boolean {
    const known = this.store.size;
    if (known !== null && known - end > END_BYTES) return false;
    // Searched as far as a record's padding goes: a stream is read that far and no further (its
    // end, when it lies there, is then known).
    if (this.findHeader(end + BLOCK, end + END_BYTES) !== null) return false;
    const dataEnd = this.store.size;
    return (
      dataEnd !== null &&
      dataEnd - end <= END_BYTES &&
      (dataEnd - end) % BLOCK === 0 &&
      dataEnd % RECORD_BYTES === 0
    );
  }

  /**
   * The first header inside the body from `body` to `end`, in its last BODY_SEARCH_BYTES (the
   * members a gap brought into it lie within the gap's length of its end), or null. A member whose
   * own bytes begin with a header is a tar: the headers inside are its own.
   */
  private headerInBody(body: number, end: number): number | null {
    if (trustedHeader(this.store.read(body, BLOCK))) return null;
    return this.findHeader(Math.max(body, end - BODY_SEARCH_BYTES), end);
  }

  private follow(present: number, next: number): void {
    this.followPresent = present;
    this.followNext = next;
  }

  /**
   * The first header from `skip` bytes past the block at `pos` on (findHeader). A search from the
   * step's own start (no name record before it) lets a stream drop what it has searched: a tail
   * of zeros, or of anything but a header, is no longer held whole while the step waits for more.
   */
  private searchPast(pos: number, skip: number, longName: string | null): number | null {
    const own = pos === this.pos && longName === null;
    if (own) {
      this.searchingAt = pos;
      this.searchingSkip = skip;
    }
    return this.findHeader(pos + skip, Number.POSITIVE_INFINITY, own);
  }

  private commit(pos: number, delta: TarDamage): void {
    this.searchingAt = -1;
    this.blockLook.body = -1;
    this.pos = pos;
    this.damage.resyncs += delta.resyncs;
    this.damage.bytesSkipped += delta.bytesSkipped;
    this.damage.cut += delta.cut;
    this.damage.noEndMarker ||= delta.noEndMarker;
  }

  /**
   * The last few searches, by where each began and the bound it had: the chunk each was reading
   * last. A step may make more than one (a resync, then the search after the member it found).
   */
  private readonly searched = new Map<string, number>();
  /**
   * Where the step under way began a search from its own start (see searchPast), or -1; and how
   * far past that block the search began (BLOCK after a zero block, 1 after one that is no header).
   */
  private searchingAt = -1;
  private searchingSkip = 0;

  /**
   * The offset of the first valid header with the ustar magic at or after `from` (and before
   * `before`), or null.
   */
  private findHeader(
    from: number,
    before = Number.POSITIVE_INFINITY,
    dropSearched = false,
  ): number | null {
    const dataEnd = Math.min(this.dataEnd(), before + MAGIC_OFFSET);
    let at = from + MAGIC_OFFSET;
    // The same search again (a step retried as a stream's bytes arrive) resumes where it got to:
    // searched from the start each time, a tail of zeros cost its length squared.
    const key = searchKey(from, before);
    const memo = this.searched;
    at = Math.max(at, memo.get(key) ?? at);
    memo.delete(key);
    if (memo.size >= SEARCHES_REMEMBERED) {
      // Never the search of this step whose bytes were dropped: it could not be made again.
      const dropping =
        this.searchingAt < 0
          ? null
          : searchKey(this.searchingAt + this.searchingSkip, Number.POSITIVE_INFINITY);
      const oldest = [...memo.keys()].find((k) => k !== dropping);
      if (oldest !== undefined) memo.delete(oldest);
    }
    while (at < dataEnd) {
      memo.set(key, at);
      // A candidate header starts at most MAGIC_OFFSET bytes before the chunk it is found in.
      if (dropSearched) this.store.release(at - BLOCK);
      const chunk = this.store.read(at, SEARCH_CHUNK + MAGIC.length - 1);
      if (chunk.length < MAGIC.length) return null;
      let i = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length).indexOf(MAGIC);
      while (i >= 0 && i < SEARCH_CHUNK) {
        const start = at + i - MAGIC_OFFSET;
        if (start >= before) return null;
        // The candidate block is read on its own: the chunk's view is reused by that read.
        const block = Buffer.from(this.store.read(start, BLOCK));
        if (trustedHeader(block)) {
          return start;
        }
        const again = this.store.read(at, SEARCH_CHUNK + MAGIC.length - 1);
        i = Buffer.from(again.buffer, again.byteOffset, again.length).indexOf(MAGIC, i + 1);
      }
      at += SEARCH_CHUNK;
    }
    return null;
  }
}
