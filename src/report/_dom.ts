/**
 * The part of a browser's DOM the report views use, typed here so the
 * module is type-checked without `lib.dom`: a library that pulled the DOM
 * types in would change the global types of every program importing it
 * (Deno's and the DOM's `TextDecoderStream` disagree, for one). Each view
 * file declares `document` with these types in its own module scope.
 *
 * @module
 */

/** A node of the page: an element or text. */
export interface DomNode {
  textContent: string | null;
}

/** An event as the views handle it. */
export interface DomEvent {
  /** What was clicked. */
  readonly target: unknown;
  /** For key events: the key. */
  readonly key?: string;
  preventDefault(): void;
  stopPropagation(): void;
}

/** An HTML or SVG element, with the members the views use. */
export interface DomElement extends DomNode {
  append(...nodes: (DomNode | string)[]): void;
  replaceChildren(...nodes: (DomNode | string)[]): void;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  addEventListener(type: string, listener: (ev: DomEvent) => void): void;
  querySelector(selectors: string): DomElement | null;
  closest(selectors: string): DomElement | null;
  focus(): void;
  readonly classList: {
    add(...tokens: string[]): void;
    remove(...tokens: string[]): void;
  };
  readonly dataset: Record<string, string | undefined>;
  readonly firstElementChild: DomElement | null;
  innerHTML: string;
  tabIndex: number;
  /** Buttons: whether it can be pressed. */
  disabled?: boolean;
  /** Inputs: the text typed. */
  value?: string;
}

/** The page's document. */
export interface DomDocument {
  createElement(tag: string): DomElement;
  getElementById(id: string): DomElement | null;
  querySelector(selectors: string): DomElement | null;
}
