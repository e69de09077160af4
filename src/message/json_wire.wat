;; crit's JSON of an image's entries -> their protobuf bytes, each a u32 size
;; and a message: the WebAssembly side of src/message/json_wire_wasm.ts,
;; which builds the tables this reads and checks the rest of the document.
;; `deno task gen` compiles it with wat2wasm into json_wire.generated.ts.
;;
;; Memory, laid out by the JavaScript side:
;;   [0, TABLES_END)  message records (fields pointer, field count), field
;;                    records, enum and flag tables and their names
;;   IN               the JSON text, then SLACK zero bytes
;;   OUT              the bytes written; the module grows the memory for them
;; A field record is 32 bytes: tag (number * 8 + wire type), kind (the
;; values of Kind in src/wire/plan.ts: 0 int32, 1 uint32, 2 sint32, 3 int64,
;; 4 uint64, 5 sint64, 6 fixed32, 7 sfixed32, 10 bool, 11 string, 12 bytes,
;; 13 enum, 14 message; anything else is refused), flags (1 repeated, 2
;; required), the name's pointer and length, aux (the record of a message
;; field's type, the table of an enum field or of a flags field) and how a
;; string value reads: of an integer field, 0 Python's int() of a hex
;; number, 1 a device number, 2 an old-style device number, 3 flag names, 4
;; refused; of a bytes field, 5 quoted-printable, else base64.
;; An enum or flag table is a count and 4 bytes of padding, then for each
;; name 16 bytes: its value (64 bits), pointer and length.
;;
;; The module reads the JSON crit writes, one-line or pretty: keys in field
;; order, integers and hex strings, flag names, enum names, ASCII strings
;; without escapes. Anything else traps (a key out of order or unknown, an
;; escape, a fraction, a value out of range, nesting too deep, the end of
;; the text): the caller then encodes the whole document in JavaScript,
;; which reads every form JSON allows and words every error. The zero bytes
;; after the text end every scan: no byte of valid JSON is zero.
(module
  (memory (export "memory") 1 32768)
  ;; Where reading is in the text, where writing is, and the end of the
  ;; memory less SLACK.
  (global $pos (mut i32) (i32.const 0))
  (global $out (mut i32) (i32.const 0))
  (global $limit (mut i32) (i32.const 0))
  ;; The sign of the number $number read last.
  (global $neg (mut i32) (i32.const 0))
  ;; Where "entries" stopped reading and writing.
  (global $done_in (export "done_in") (mut i32) (i32.const 0))
  (global $done_out (export "done_out") (mut i32) (i32.const 0))

  ;; Room for n more bytes at $out, growing the memory by half at least.
  (func $room (param $n i32)
    (local $pages i32)
    (if (i32.le_u (i32.add (global.get $out) (local.get $n)) (global.get $limit))
      (then (return)))
    (local.set $pages
      (i32.add
        (i32.shr_u
          (i32.sub (i32.add (global.get $out) (local.get $n)) (global.get $limit))
          (i32.const 16))
        (i32.const 1)))
    (if (i32.lt_u (local.get $pages) (i32.shr_u (memory.size) (i32.const 1)))
      (then (local.set $pages (i32.shr_u (memory.size) (i32.const 1)))))
    (if (i32.eq (memory.grow (local.get $pages)) (i32.const -1))
      (then unreachable))
    (global.set $limit
      (i32.sub (i32.shl (memory.size) (i32.const 16)) (i32.const 64))))

  (func $varint (param $v i64)
    (local $p i32)
    (call $room (i32.const 10))
    (local.set $p (global.get $out))
    (block $last
      (loop $more
        (br_if $last (i64.lt_u (local.get $v) (i64.const 128)))
        (i64.store8 (local.get $p) (i64.or (local.get $v) (i64.const 128)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $v (i64.shr_u (local.get $v) (i64.const 7)))
        (br $more)))
    (i64.store8 (local.get $p) (local.get $v))
    (global.set $out (i32.add (local.get $p) (i32.const 1))))

  ;; Moves past JSON space and returns the byte there.
  (func $space (result i32)
    (local $p i32) (local $c i32)
    (local.set $p (global.get $pos))
    (loop $more
      (local.set $c (i32.load8_u (local.get $p)))
      (if (i32.le_u (local.get $c) (i32.const 0x20))
        (then
          (if (i32.wrap_i64
                (i64.and
                  (i64.shr_u (i64.const 0x100002600) (i64.extend_i32_u (local.get $c)))
                  (i64.const 1)))
            (then
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br $more))))))
    (global.set $pos (local.get $p))
    (local.get $c))

  ;; Past JSON space, the byte must be c: moves past it.
  (func $expect (param $c i32)
    (if (i32.ne (call $space) (local.get $c)) (then unreachable))
    (global.set $pos (i32.add (global.get $pos) (i32.const 1))))

  (func $same (param $a i32) (param $b i32) (param $n i32) (result i32)
    (block $differ
      (loop $more
        (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
        (br_if $differ
          (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $more)))
    (i32.const 0))

  ;; A string at $pos (past space) that is printable ASCII without escapes:
  ;; returns where its text starts, $pos at its closing quote.
  (func $plain_string (result i32)
    (local $from i32) (local $p i32) (local $c i32)
    (if (i32.ne (call $space) (i32.const 0x22)) (then unreachable))
    (local.set $from (i32.add (global.get $pos) (i32.const 1)))
    (local.set $p (local.get $from))
    (loop $more
      (local.set $c (i32.load8_u (local.get $p)))
      (if (i32.ne (local.get $c) (i32.const 0x22))
        (then
          (if (i32.or
                (i32.ge_u (i32.sub (local.get $c) (i32.const 0x20)) (i32.const 0x60))
                (i32.eq (local.get $c) (i32.const 0x5c)))
            (then unreachable))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $more))))
    (global.set $pos (local.get $p))
    (local.get $from))

  ;; Writes the string whose text $plain_string found at from, $pos past it.
  (func $put (param $from i32)
    (local $n i32)
    (local.set $n (i32.sub (global.get $pos) (local.get $from)))
    (call $varint (i64.extend_i32_u (local.get $n)))
    (call $room (local.get $n))
    (memory.copy (global.get $out) (local.get $from) (local.get $n))
    (global.set $out (i32.add (global.get $out) (local.get $n)))
    (global.set $pos (i32.add (global.get $pos) (i32.const 1))))

  ;; A bytes field's value: base64 only when empty; a unix socket's name in
  ;; quoted-printable when without "=" (every other character stands for
  ;; itself).
  (func $bytes (param $f i32)
    (local $from i32) (local $p i32)
    (local.set $from (call $plain_string))
    (if (i32.ne (i32.load offset=24 (local.get $f)) (i32.const 5))
      (then
        (if (i32.ne (global.get $pos) (local.get $from)) (then unreachable))))
    (local.set $p (local.get $from))
    (loop $more
      (if (i32.lt_u (local.get $p) (global.get $pos))
        (then
          (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x3d)) (then unreachable))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $more))))
    (call $put (local.get $from)))

  ;; The value of the name [from, from + n) in table t; traps if none has it.
  (func $lookup (param $t i32) (param $from i32) (param $n i32) (result i64)
    (local $k i32) (local $e i32)
    (local.set $e (i32.add (local.get $t) (i32.const 8)))
    (local.set $k (i32.load (local.get $t)))
    (loop $more
      (if (i32.eqz (local.get $k)) (then unreachable))
      (if (i32.eq (i32.load offset=12 (local.get $e)) (local.get $n))
        (then
          (if (call $same (local.get $from) (i32.load offset=8 (local.get $e))
                (local.get $n))
            (then (return (i64.load (local.get $e)))))))
      (local.set $e (i32.add (local.get $e) (i32.const 16)))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br $more))
    (unreachable))

  ;; A JSON integer at $pos (past space): its magnitude, its sign in $neg.
  ;; A leading zero or more than 64 bits trap.
  (func $number (result i64)
    (local $p i32) (local $c i32) (local $d i32) (local $v i64)
    (local.set $p (global.get $pos))
    (local.set $c (i32.load8_u (local.get $p)))
    (global.set $neg (i32.eq (local.get $c) (i32.const 0x2d)))
    (if (global.get $neg)
      (then
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $c (i32.load8_u (local.get $p)))))
    (local.set $d (i32.sub (local.get $c) (i32.const 0x30)))
    (if (i32.gt_u (local.get $d) (i32.const 9)) (then unreachable))
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (local.set $v (i64.extend_i32_u (local.get $d)))
    (local.set $d (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)))
    (if (i32.le_u (local.get $d) (i32.const 9))
      (then
        (if (i64.eqz (local.get $v)) (then unreachable))
        (loop $more
          ;; 1844674407370955161 * 10 + 5 is 2^64 - 1.
          (if (i64.ge_u (local.get $v) (i64.const 1844674407370955161))
            (then
              (if (i32.or
                    (i64.gt_u (local.get $v) (i64.const 1844674407370955161))
                    (i32.gt_u (local.get $d) (i32.const 5)))
                (then unreachable))))
          (local.set $v
            (i64.add (i64.mul (local.get $v) (i64.const 10))
              (i64.extend_i32_u (local.get $d))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (local.set $d (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)))
          (br_if $more (i32.le_u (local.get $d) (i32.const 9))))))
    ;; A fraction or an exponent: what follows a value must be space, ",",
    ;; "}" or "]", which the caller checks.
    (global.set $pos (local.get $p))
    (local.get $v))

  ;; Hex digits [from, to) after "0x", at most 64 bits.
  (func $hex (param $from i32) (param $to i32) (result i64)
    (local $v i64) (local $c i32) (local $d i32)
    (if (i32.ge_u (local.get $from) (local.get $to)) (then unreachable))
    (loop $more
      (local.set $c (i32.load8_u (local.get $from)))
      (local.set $d (i32.sub (local.get $c) (i32.const 0x30)))
      (if (i32.gt_u (local.get $d) (i32.const 9))
        (then
          ;; a-f and A-F
          (local.set $d
            (i32.sub (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x57)))
          (if (i32.or (i32.lt_u (local.get $d) (i32.const 10))
                (i32.gt_u (local.get $d) (i32.const 15)))
            (then unreachable))))
      (if (i64.ne (i64.shr_u (local.get $v) (i64.const 60)) (i64.const 0))
        (then unreachable))
      (local.set $v
        (i64.or (i64.shl (local.get $v) (i64.const 4)) (i64.extend_i32_u (local.get $d))))
      (local.set $from (i32.add (local.get $from) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $from) (local.get $to))))
    (local.get $v))

  ;; A number in [from, to) as Python's int(text, 0) reads it, in the form
  ;; crit writes: "0x" and hex digits.
  (func $python_int (param $from i32) (param $to i32) (result i64)
    (if (i32.or
          (i32.ne (i32.load8_u (local.get $from)) (i32.const 0x30))
          (i32.ne (i32.or (i32.load8_u offset=1 (local.get $from)) (i32.const 0x20))
            (i32.const 0x78)))
      (then unreachable))
    (call $hex (i32.add (local.get $from) (i32.const 2)) (local.get $to)))

  ;; Decimal digits [from, to), below 2^32.
  (func $decimal (param $from i32) (param $to i32) (result i64)
    (local $v i64) (local $d i32)
    (if (i32.ge_u (local.get $from) (local.get $to)) (then unreachable))
    (loop $more
      (local.set $d (i32.sub (i32.load8_u (local.get $from)) (i32.const 0x30)))
      (if (i32.gt_u (local.get $d) (i32.const 9)) (then unreachable))
      (local.set $v
        (i64.add (i64.mul (local.get $v) (i64.const 10)) (i64.extend_i32_u (local.get $d))))
      (if (i64.gt_u (local.get $v) (i64.const 0xffffffff)) (then unreachable))
      (local.set $from (i32.add (local.get $from) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $from) (local.get $to))))
    (local.get $v))

  ;; "major:minor" in [from, to); old-style when $old.
  (func $dev (param $from i32) (param $to i32) (param $old i32) (result i64)
    (local $colon i32) (local $major i64) (local $minor i64)
    (local.set $colon (local.get $from))
    (loop $more
      (if (i32.ge_u (local.get $colon) (local.get $to)) (then unreachable))
      (if (i32.ne (i32.load8_u (local.get $colon)) (i32.const 0x3a))
        (then
          (local.set $colon (i32.add (local.get $colon) (i32.const 1)))
          (br $more))))
    (local.set $major (call $decimal (local.get $from) (local.get $colon)))
    (local.set $minor
      (call $decimal (i32.add (local.get $colon) (i32.const 1)) (local.get $to)))
    (if (result i64) (local.get $old)
      (then
        (i64.or
          (i64.or (i64.and (local.get $minor) (i64.const 0xff))
            (i64.shl (i64.and (local.get $major) (i64.const 0xfff)) (i64.const 8)))
          (i64.or
            (i64.shl (i64.and (local.get $minor) (i64.const -256)) (i64.const 12))
            (i64.shl (i64.and (local.get $major) (i64.const -4096)) (i64.const 32)))))
      (else
        (i64.or (i64.shl (local.get $major) (i64.const 20)) (local.get $minor)))))

  ;; Flag names and hex numbers joined by "|", summed: "" is 0.
  (func $flags (param $t i32) (param $from i32) (param $to i32) (result i64)
    (local $sum i64) (local $v i64) (local $end i32) (local $c i32)
    (if (i32.eq (local.get $from) (local.get $to)) (then (return (i64.const 0))))
    (loop $part
      (loop $lead
        (if (i32.eq (i32.load8_u (local.get $from)) (i32.const 0x20))
          (then
            (local.set $from (i32.add (local.get $from) (i32.const 1)))
            (br $lead))))
      (local.set $end (local.get $from))
      (block $ended
        (loop $more
          (br_if $ended (i32.ge_u (local.get $end) (local.get $to)))
          (local.set $c (i32.load8_u (local.get $end)))
          (br_if $ended (i32.or (i32.eq (local.get $c) (i32.const 0x20))
            (i32.eq (local.get $c) (i32.const 0x7c))))
          (local.set $end (i32.add (local.get $end) (i32.const 1)))
          (br $more)))
      (if (i32.eq (local.get $end) (local.get $from)) (then unreachable))
      (local.set $v
        (if (result i64)
          (i32.and
            (i32.eq (i32.load8_u (local.get $from)) (i32.const 0x30))
            (i32.eq (i32.or (i32.load8_u offset=1 (local.get $from)) (i32.const 0x20))
              (i32.const 0x78)))
          (then (call $hex (i32.add (local.get $from) (i32.const 2)) (local.get $end)))
          (else
            (call $lookup (local.get $t) (local.get $from)
              (i32.sub (local.get $end) (local.get $from))))))
      (local.set $sum (i64.add (local.get $sum) (local.get $v)))
      (if (i64.lt_u (local.get $sum) (local.get $v)) (then unreachable))
      (loop $trail
        (if (i32.lt_u (local.get $end) (local.get $to))
          (then
            (if (i32.eq (i32.load8_u (local.get $end)) (i32.const 0x20))
              (then
                (local.set $end (i32.add (local.get $end) (i32.const 1)))
                (br $trail))))))
      (if (i32.lt_u (local.get $end) (local.get $to))
        (then
          ;; The separator: anything else here traps.
          (if (i32.ne (i32.load8_u (local.get $end)) (i32.const 0x7c))
            (then unreachable))
          (local.set $from (i32.add (local.get $end) (i32.const 1)))
          (br $part))))
    (local.get $sum))

  ;; The integer value of field f at $pos (past space), written.
  (func $integer (param $f i32)
    (local $v i64) (local $from i32) (local $to i32) (local $conv i32)
    (if (i32.eq (call $space) (i32.const 0x22))
      (then
        (local.set $from (call $plain_string))
        (local.set $to (global.get $pos))
        (global.set $pos (i32.add (local.get $to) (i32.const 1)))
        (global.set $neg (i32.const 0))
        (local.set $conv (i32.load offset=24 (local.get $f)))
        (local.set $v
          (if (result i64) (i32.eqz (local.get $conv))
            (then (call $python_int (local.get $from) (local.get $to)))
            (else
              (if (result i64) (i32.le_u (local.get $conv) (i32.const 2))
                (then
                  (call $dev (local.get $from) (local.get $to)
                    (i32.eq (local.get $conv) (i32.const 2))))
                (else
                  (if (result i64) (i32.eq (local.get $conv) (i32.const 3))
                    (then
                      (call $flags (i32.load offset=20 (local.get $f))
                        (local.get $from) (local.get $to)))
                    (else unreachable))))))))
      (else (local.set $v (call $number))))
    (call $write_integer (i32.load offset=4 (local.get $f)) (local.get $v)))

  ;; Writes magnitude v, negative when $neg, as a value of the integer kind.
  (func $write_integer (param $kind i32) (param $v i64)
    (local $neg i32)
    ;; -0 is 0.
    (local.set $neg (i32.and (global.get $neg) (i64.ne (local.get $v) (i64.const 0))))
    (block $sfixed32
      (block $fixed32
        (block $sint64
          (block $uint64
            (block $int64
              (block $sint32
                (block $uint32
                  (block $int32
                    (br_table $int32 $uint32 $sint32 $int64 $uint64 $sint64
                      $fixed32 $sfixed32 $int32 $int32 $int32 $int32 $int32
                      ;; an enum's number is an int32
                      $int32
                      (local.get $kind)))
                  (if (i64.gt_u (local.get $v)
                        (i64.add (i64.const 0x7fffffff) (i64.extend_i32_u (local.get $neg))))
                    (then unreachable))
                  (if (local.get $neg) (then (local.set $v (i64.sub (i64.const 0) (local.get $v)))))
                  (call $varint (local.get $v))
                  (return))
                ;; uint32
                (if (i32.or (local.get $neg) (i64.gt_u (local.get $v) (i64.const 0xffffffff)))
                  (then unreachable))
                (call $varint (local.get $v))
                (return))
              ;; sint32
              (if (i64.gt_u (local.get $v)
                    (i64.add (i64.const 0x7fffffff) (i64.extend_i32_u (local.get $neg))))
                (then unreachable))
              (call $varint
                (i64.sub (i64.shl (local.get $v) (i64.const 1)) (i64.extend_i32_u (local.get $neg))))
              (return))
            ;; int64
            (if (i64.gt_u (local.get $v)
                  (i64.add (i64.const 0x7fffffffffffffff) (i64.extend_i32_u (local.get $neg))))
              (then unreachable))
            (if (local.get $neg) (then (local.set $v (i64.sub (i64.const 0) (local.get $v)))))
            (call $varint (local.get $v))
            (return))
          ;; uint64
          (if (local.get $neg) (then unreachable))
          (call $varint (local.get $v))
          (return))
        ;; sint64
        (if (i64.gt_u (local.get $v)
              (i64.add (i64.const 0x7fffffffffffffff) (i64.extend_i32_u (local.get $neg))))
          (then unreachable))
        (call $varint
          (i64.sub (i64.shl (local.get $v) (i64.const 1)) (i64.extend_i32_u (local.get $neg))))
        (return))
      ;; fixed32
      (if (i32.or (local.get $neg) (i64.gt_u (local.get $v) (i64.const 0xffffffff)))
        (then unreachable))
      (call $room (i32.const 4))
      (i64.store32 (global.get $out) (local.get $v))
      (global.set $out (i32.add (global.get $out) (i32.const 4)))
      (return))
    ;; sfixed32
    (if (i64.gt_u (local.get $v)
          (i64.add (i64.const 0x7fffffff) (i64.extend_i32_u (local.get $neg))))
      (then unreachable))
    (if (local.get $neg) (then (local.set $v (i64.sub (i64.const 0) (local.get $v)))))
    (call $room (i32.const 4))
    (i64.store32 (global.get $out) (local.get $v))
    (global.set $out (i32.add (global.get $out) (i32.const 4))))

  ;; One value of field f, with its tag.
  (func $field (param $f i32) (param $depth i32)
    (local $kind i32) (local $start i32) (local $n i32) (local $c i32)
    (call $varint (i64.extend_i32_u (i32.load (local.get $f))))
    (local.set $kind (i32.load offset=4 (local.get $f)))
    (if (i32.le_u (local.get $kind) (i32.const 7))
      (then (call $integer (local.get $f)) (return)))
    (if (i32.eq (local.get $kind) (i32.const 14))
      (then
        ;; One byte for the length, moved on if it takes more.
        (call $room (i32.const 1))
        (local.set $start (global.get $out))
        (global.set $out (i32.add (local.get $start) (i32.const 1)))
        (call $message (i32.load offset=20 (local.get $f))
          (i32.add (local.get $depth) (i32.const 1)))
        (local.set $n
          (i32.sub (global.get $out) (i32.add (local.get $start) (i32.const 1))))
        (if (i32.lt_u (local.get $n) (i32.const 128))
          (then
            (i32.store8 (local.get $start) (local.get $n))
            (return)))
        (local.set $c
          (select (i32.const 1) (i32.const 2) (i32.lt_u (local.get $n) (i32.const 16384))))
        (if (i32.ge_u (local.get $n) (i32.const 2097152))
          (then
            (local.set $c
              (select (i32.const 3) (i32.const 4)
                (i32.lt_u (local.get $n) (i32.const 268435456))))))
        (call $room (local.get $c))
        (memory.copy
          (i32.add (local.get $start) (i32.add (local.get $c) (i32.const 1)))
          (i32.add (local.get $start) (i32.const 1))
          (local.get $n))
        (global.set $out (local.get $start))
        (call $varint (i64.extend_i32_u (local.get $n)))
        (global.set $out (i32.add (global.get $out) (local.get $n)))
        (return)))
    (if (i32.eq (local.get $kind) (i32.const 11))
      (then (call $put (call $plain_string)) (return)))
    (if (i32.eq (local.get $kind) (i32.const 12))
      (then (call $bytes (local.get $f)) (return)))
    (if (i32.eq (local.get $kind) (i32.const 13))
      (then
        (if (i32.ne (call $space) (i32.const 0x22))
          (then (call $integer (local.get $f)) (return)))
        (local.set $start (call $plain_string))
        (call $varint
          (call $lookup (i32.load offset=20 (local.get $f)) (local.get $start)
            (i32.sub (global.get $pos) (local.get $start))))
        (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
        (return)))
    (if (i32.eq (local.get $kind) (i32.const 10))
      (then
        (drop (call $space))
        ;; "true" and "false" as little-endian words.
        (if (i32.eq (i32.load (global.get $pos)) (i32.const 0x65757274))
          (then
            (global.set $pos (i32.add (global.get $pos) (i32.const 4)))
            (call $varint (i64.const 1))
            (return)))
        (if (i32.and
              (i32.eq (i32.load (global.get $pos)) (i32.const 0x736c6166))
              (i32.eq (i32.load8_u offset=4 (global.get $pos)) (i32.const 0x65)))
          (then
            (global.set $pos (i32.add (global.get $pos) (i32.const 5)))
            (call $varint (i64.const 0))
            (return)))))
    unreachable)

  (func $list (param $f i32) (param $depth i32)
    (local $c i32)
    (call $expect (i32.const 0x5b))
    (if (i32.eq (call $space) (i32.const 0x5d))
      (then
        (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
        (return)))
    (loop $more
      (call $field (local.get $f) (local.get $depth))
      (local.set $c (call $space))
      (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
      (br_if $more (i32.eq (local.get $c) (i32.const 0x2c)))
      (if (i32.ne (local.get $c) (i32.const 0x5d)) (then unreachable))))

  ;; Fields [from, to) of a message's field records must not be required.
  (func $none_required (param $f i32) (param $to i32)
    (loop $more
      (if (i32.lt_u (local.get $f) (local.get $to))
        (then
          (if (i32.and (i32.load offset=8 (local.get $f)) (i32.const 2))
            (then unreachable))
          (local.set $f (i32.add (local.get $f) (i32.const 32)))
          (br $more)))))

  ;; An object of the message with record m, its fields written at $out.
  (func $message (param $m i32) (param $depth i32)
    (local $f i32) (local $end i32) (local $p i32) (local $n i32) (local $c i32)
    (if (i32.gt_u (local.get $depth) (i32.const 500)) (then unreachable))
    ;; The next field a key may name, and the end of the records.
    (local.set $f (i32.load (local.get $m)))
    (local.set $end
      (i32.add (local.get $f) (i32.shl (i32.load offset=4 (local.get $m)) (i32.const 5))))
    (call $expect (i32.const 0x7b))
    (if (i32.eq (call $space) (i32.const 0x7d))
      (then
        (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
        (call $none_required (local.get $f) (local.get $end))
        (return)))
    (loop $key
      (if (i32.ne (call $space) (i32.const 0x22)) (then unreachable))
      (local.set $p (i32.add (global.get $pos) (i32.const 1)))
      ;; Keys come in field order: the key names one of the fields left, and
      ;; no required field lies before it.
      (block $found
        (loop $next
          (if (i32.ge_u (local.get $f) (local.get $end)) (then unreachable))
          (local.set $n (i32.load offset=16 (local.get $f)))
          (if (i32.eq (i32.load8_u (i32.add (local.get $p) (local.get $n))) (i32.const 0x22))
            (then
              (br_if $found
                (call $same (local.get $p) (i32.load offset=12 (local.get $f))
                  (local.get $n)))))
          (if (i32.and (i32.load offset=8 (local.get $f)) (i32.const 2))
            (then unreachable))
          (local.set $f (i32.add (local.get $f) (i32.const 32)))
          (br $next)))
      (global.set $pos (i32.add (local.get $p) (i32.add (local.get $n) (i32.const 1))))
      (call $expect (i32.const 0x3a))
      (if (i32.and (i32.load offset=8 (local.get $f)) (i32.const 1))
        (then (call $list (local.get $f) (local.get $depth)))
        (else (call $field (local.get $f) (local.get $depth))))
      (local.set $f (i32.add (local.get $f) (i32.const 32)))
      (local.set $c (call $space))
      (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
      (br_if $key (i32.eq (local.get $c) (i32.const 0x2c)))
      (if (i32.ne (local.get $c) (i32.const 0x7d)) (then unreachable)))
    (call $none_required (local.get $f) (local.get $end)))

  ;; The items of the entries array from start (just past its "["): the
  ;; first of message record first, the others of rest, each a u32 size and
  ;; the message, written from out on. Returns how many; $done_in is just
  ;; past the array's "]", $done_out the end of the bytes written. limit is
  ;; the end of the memory less the slack.
  (func (export "entries") (param $first i32) (param $rest i32)
    (param $start i32) (param $out i32) (param $limit i32) (result i32)
    (local $count i32) (local $frame i32) (local $c i32)
    (global.set $pos (local.get $start))
    (global.set $out (local.get $out))
    (global.set $limit (local.get $limit))
    (if (i32.eq (call $space) (i32.const 0x5d))
      (then (global.set $pos (i32.add (global.get $pos) (i32.const 1))))
      (else
        (loop $more
          (call $room (i32.const 4))
          (local.set $frame (global.get $out))
          (global.set $out (i32.add (local.get $frame) (i32.const 4)))
          (call $message
            (select (local.get $first) (local.get $rest) (i32.eqz (local.get $count)))
            (i32.const 0))
          (i32.store (local.get $frame)
            (i32.sub (global.get $out) (i32.add (local.get $frame) (i32.const 4))))
          (local.set $count (i32.add (local.get $count) (i32.const 1)))
          (local.set $c (call $space))
          (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
          (br_if $more (i32.eq (local.get $c) (i32.const 0x2c)))
          (if (i32.ne (local.get $c) (i32.const 0x5d)) (then unreachable)))))
    (global.set $done_in (global.get $pos))
    (global.set $done_out (global.get $out))
    (local.get $count))
)
