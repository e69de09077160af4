/** One field row: name, number, protobuf type (scalar or message/enum name), label, (criu) options. */
export type FieldRow =
  | [string, number, string, "optional" | "required" | "repeated"]
  | [
    string,
    number,
    string,
    "optional" | "required" | "repeated",
    FieldOptions,
  ];

/** The `(criu)` field options, plus `packed` when a field is declared packed. */
export interface FieldOptions {
  hex?: boolean;
  ipadd?: boolean;
  flags?: string;
  dev?: boolean;
  odev?: boolean;
  dict?: string;
  conv?: string;
  packed?: boolean;
}

/** The whole schema as data: messages by name, enums by name. */
export interface SchemaData {
  messages: Record<string, FieldRow[]>;
  enums: Record<string, Record<string, number>>;
}

/**
 * The schema as the generated module holds it: each message's field rows
 * as JSON text (a {@linkcode FieldRow} array), enums by name.
 */
export interface SchemaText {
  messages: Record<string, string>;
  enums: Record<string, Record<string, number>>;
}
