/**
 * A WebAssembly module's memory as the JavaScript side of a module sees it:
 * views that follow the memory as it grows, and the region of it that
 * holds the module's tables, handed out piece by piece.
 *
 * @module
 */

const PAGE = 65536;

/** The memory of one module instance, with its table region. */
export class WasmMemory {
  /** All of the memory, as bytes: current after ensure() or refresh(). */
  bytes: Uint8Array;
  /** All of the memory, for numbers: current after ensure() or refresh(). */
  view: DataView;
  #memory: WebAssembly.Memory;
  #next: number;
  #tablesEnd: number;
  #max: number;

  /**
   * Tables go in `[tables, tablesEnd)`; the memory grows to `max` bytes at
   * the most.
   */
  constructor(
    memory: WebAssembly.Memory,
    tables: number,
    tablesEnd: number,
    max = Infinity,
  ) {
    this.#memory = memory;
    this.#next = tables;
    this.#tablesEnd = tablesEnd;
    this.#max = max;
    this.bytes = new Uint8Array(memory.buffer);
    this.view = new DataView(memory.buffer);
  }

  /** New views, if the memory grew (the module may grow it itself). */
  refresh(): void {
    const buffer = this.#memory.buffer;
    if (this.bytes.buffer !== buffer) {
      this.bytes = new Uint8Array(buffer);
      this.view = new DataView(buffer);
    }
  }

  /** Grows the memory to `size` bytes at least; false past the maximum. */
  ensure(size: number): boolean {
    if (size > this.#max) return false;
    const have = this.#memory.buffer.byteLength;
    if (size > have) this.#memory.grow(Math.ceil((size - have) / PAGE));
    this.refresh();
    return true;
  }

  /**
   * Where `n` bytes of the table region start, aligned to `align` (a power
   * of two); undefined when the region is full.
   */
  alloc(n: number, align = 1): number | undefined {
    const at = (this.#next + align - 1) & ~(align - 1);
    if (at + n > this.#tablesEnd) return undefined;
    this.#next = at + n;
    return at;
  }
}
