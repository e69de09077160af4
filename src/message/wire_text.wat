;; crit's JSON text of a protobuf message, one-line or pretty, straight from
;; its bytes: the WebAssembly side of src/message/wire_text_wasm.ts (which
;; builds the tables this reads and says what each field is). `deno task
;; gen` compiles it with wat2wasm into wire_text.generated.ts.
;;
;; Memory, laid out by the JavaScript side:
;;   [0, 200)        "00".."99", for two digits per division
;;   [200, 264)      the base64 alphabet
;;   [264, 269)      " | 0x", for flag names
;;   [300, 316)      an IPv6 address's groups, while it is written
;;   [512, 1024)     "00".."ff", for two hex digits a step
;;   [1024, TABLES)  message records (fields pointer, field count), field
;;                   records, enum, flag and dict tables and their texts
;;   IN, OUT         the message's bytes, then the text written
;; A field record is 40 bytes: tag, kind, flags (1 repeated, 2 required, 4
;; hex), first-key pointer and length, next-key pointer and length, aux (the
;; record of a message field's type, the enum table of an enum field), and
;; for pretty text the conversion and its table. The keys come with their
;; separator and, in a pretty record (one per type and level), their line
;; break and indentation.
;; An enum table is a count, then a pointer and length for each value (0:
;; no name); a flag or dict table is a count, then a value, pointer and
;; length for each name. Kinds: 0 int32, 1 uint32, 2 sint32, 3 int64, 4
;; uint64, 5 sint64, 6 bool, 7 enum, 8 message, 9 anything else, 10 string,
;; 11 bytes (base64), 12 bytes of a unix socket's name (quoted-printable).
;; Conversions: 0 none, 1 dev, 2 odev, 3 flags, 4 hex, 5 dict, 6 a list of
;; IP address words.
;;
;; Anything the JavaScript writer would write some other way, or refuse
;; (bytes that end early, fields out of order, unknown, of another wire type
;; or of kind 9, a required field missing, an enum value without a name,
;; nesting too deep, text past the room given), traps: the caller then
;; writes the message in JavaScript, which words any error. Text handed out
;; before a trap ($flush_at) is the start of what JavaScript writes.
(module
  ;; Hands the text [start, end) to the JavaScript side, which copies it out
  ;; before returning: see $flush_at.
  (import "host" "flush" (func $flush (param i32 i32)))
  (memory (export "memory") 8)
  (global $pos (mut i32) (i32.const 0))
  (global $limit (mut i32) (i32.const 0))
  ;; Whether the text is pretty: set by the exported functions.
  (global $pretty (mut i32) (i32.const 0))
  ;; Text handed out as it goes: at a point where what is written is final
  ;; (after an entry of "entries", after an element of a list of the message
  ;; "write" writes), once $flush_at bytes or more are past $window, they go
  ;; to $flush and the text starts again at $window. 0: all text is kept.
  ;; Fresh memory costs a page fault per 4 KiB: 6.7 MB of text took 1,800.
  (global $flush_at (mut i32) (i32.const 0))
  (global $window (mut i32) (i32.const 0))
  ;; Set by "write" to check a message's own fields first: the messages in
  ;; its fields are skipped, not written (see "write").
  (global $skip (mut i32) (i32.const 0))

  (func $varint (param $end i32) (result i64)
    (local $p i32) (local $b i32)
    (local.set $p (global.get $pos))
    (if (i32.ge_u (local.get $p) (local.get $end)) (then unreachable))
    (local.set $b (i32.load8_u (local.get $p)))
    (if (i32.lt_u (local.get $b) (i32.const 128))
      (then
        (global.set $pos (i32.add (local.get $p) (i32.const 1)))
        (return (i64.extend_i32_u (local.get $b)))))
    (call $varint_long (local.get $p) (local.get $end)))

  ;; A varint of two bytes or more at p, $pos past it. Apart from $varint,
  ;; so that the one-byte case is small enough for V8's optimizing tier to
  ;; inline it wherever it is called.
  (func $varint_long (param $p i32) (param $end i32) (result i64)
    (local $b i32) (local $v i64) (local $shift i64)
    (local $x i64) (local $stop i64)
    ;; Up to eight bytes at once when eight are left: the first byte under
    ;; 128 ends the number, and each byte's low seven bits move into place
    ;; by a shift, without a loop (an address takes seven bytes).
    (if (i32.ge_u (i32.sub (local.get $end) (local.get $p)) (i32.const 8))
      (then
        (local.set $x (i64.load (local.get $p)))
        (local.set $stop
          (i64.and (i64.xor (local.get $x) (i64.const -1))
            (i64.const 0x8080808080808080)))
        (if (i64.ne (local.get $stop) (i64.const 0))
          (then
            ;; The bytes up to the last one only.
            (local.set $x
              (i64.and (local.get $x)
                (i64.xor (local.get $stop) (i64.sub (local.get $stop) (i64.const 1)))))
            (global.set $pos
              (i32.add (local.get $p)
                (i32.add (i32.wrap_i64 (i64.shr_u (i64.ctz (local.get $stop)) (i64.const 3)))
                  (i32.const 1))))
            (return
              (i64.or
                (i64.or
                  (i64.or (i64.and (local.get $x) (i64.const 0x7f))
                    (i64.and (i64.shr_u (local.get $x) (i64.const 1)) (i64.const 0x3f80)))
                  (i64.or
                    (i64.and (i64.shr_u (local.get $x) (i64.const 2)) (i64.const 0x1fc000))
                    (i64.and (i64.shr_u (local.get $x) (i64.const 3)) (i64.const 0xfe00000))))
                (i64.or
                  (i64.or
                    (i64.and (i64.shr_u (local.get $x) (i64.const 4)) (i64.const 0x7f0000000))
                    (i64.and (i64.shr_u (local.get $x) (i64.const 5)) (i64.const 0x3f800000000)))
                  (i64.or
                    (i64.and (i64.shr_u (local.get $x) (i64.const 6)) (i64.const 0x1fc0000000000))
                    (i64.and (i64.shr_u (local.get $x) (i64.const 7))
                      (i64.const 0xfe000000000000))))))))))
    (loop $more
      (if (i32.ge_u (local.get $p) (local.get $end)) (then unreachable))
      ;; Ten bytes at most, as protobuf allows.
      (if (i64.ge_u (local.get $shift) (i64.const 70)) (then unreachable))
      (local.set $b (i32.load8_u (local.get $p)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $v
        (i64.or (local.get $v)
          (i64.shl
            (i64.extend_i32_u (i32.and (local.get $b) (i32.const 127)))
            (local.get $shift))))
      (local.set $shift (i64.add (local.get $shift) (i64.const 7)))
      (br_if $more (i32.ge_u (local.get $b) (i32.const 128))))
    (global.set $pos (local.get $p))
    (local.get $v))

  ;; The next tag: -1 at the end, -2 for one beyond 32 bits.
  (func $tag (param $end i32) (result i32)
    (local $v i64)
    (if (i32.ge_u (global.get $pos) (local.get $end))
      (then (return (i32.const -1))))
    (local.set $v (call $varint (local.get $end)))
    (if (i64.gt_u (local.get $v) (i64.const 0xffffffff))
      (then (return (i32.const -2))))
    (i32.wrap_i64 (local.get $v)))

  (func $room (param $out i32) (param $n i32)
    (if (i32.gt_u (i32.add (local.get $out) (local.get $n)) (global.get $limit))
      (then unreachable)))

  (func $copy (param $src i32) (param $n i32) (param $out i32) (result i32)
    (local $stop i32)
    (call $room (local.get $out) (local.get $n))
    (local.set $stop (i32.add (local.get $out) (local.get $n)))
    (if (i32.le_u (local.get $n) (i32.const 64))
      (then
        (loop $words
          (i64.store (local.get $out) (i64.load (local.get $src)))
          (local.set $out (i32.add (local.get $out) (i32.const 8)))
          (local.set $src (i32.add (local.get $src) (i32.const 8)))
          (br_if $words (i32.lt_s (local.get $out) (local.get $stop))))
        (return (local.get $stop))))
    (memory.copy (local.get $out) (local.get $src) (local.get $n))
    (local.get $stop))

  ;; v < 1e8 in decimal.
  (func $u27 (param $v i32) (param $out i32) (result i32)
    (local $q i32) (local $d i32) (local $end i32)
    (local.set $end
      (i32.add (local.get $out)
        (if (result i32) (i32.lt_u (local.get $v) (i32.const 100))
          (then (select (i32.const 1) (i32.const 2)
            (i32.lt_u (local.get $v) (i32.const 10))))
          (else (if (result i32) (i32.lt_u (local.get $v) (i32.const 10000))
            (then (select (i32.const 3) (i32.const 4)
              (i32.lt_u (local.get $v) (i32.const 1000))))
            (else (if (result i32) (i32.lt_u (local.get $v) (i32.const 1000000))
              (then (select (i32.const 5) (i32.const 6)
                (i32.lt_u (local.get $v) (i32.const 100000))))
              (else (select (i32.const 7) (i32.const 8)
                (i32.lt_u (local.get $v) (i32.const 10000000)))))))))))
    (local.set $q (local.get $end))
    (block $done
      (loop $pairs
        (br_if $done (i32.lt_u (local.get $v) (i32.const 100)))
        (local.set $d (i32.div_u (local.get $v) (i32.const 100)))
        (local.set $q (i32.sub (local.get $q) (i32.const 2)))
        (i32.store16 (local.get $q)
          (i32.load16_u
            (i32.shl
              (i32.sub (local.get $v) (i32.mul (local.get $d) (i32.const 100)))
              (i32.const 1))))
        (local.set $v (local.get $d))
        (br $pairs)))
    (if (i32.ge_u (local.get $v) (i32.const 10))
      (then
        (i32.store16 (i32.sub (local.get $q) (i32.const 2))
          (i32.load16_u (i32.shl (local.get $v) (i32.const 1)))))
      (else
        (i32.store8 (i32.sub (local.get $q) (i32.const 1))
          (i32.add (local.get $v) (i32.const 48)))))
    (local.get $end))

  ;; Exactly 8 digits of v < 1e8: two halves of four, two pairs each, so
  ;; that the divisions do not wait on one another.
  (func $d8 (param $v i32) (param $out i32) (result i32)
    (local $hi i32) (local $lo i32) (local $a i32) (local $b i32)
    (local.set $hi (i32.div_u (local.get $v) (i32.const 10000)))
    (local.set $lo (i32.sub (local.get $v) (i32.mul (local.get $hi) (i32.const 10000))))
    (local.set $a (i32.div_u (local.get $hi) (i32.const 100)))
    (local.set $b (i32.div_u (local.get $lo) (i32.const 100)))
    (i32.store16 (local.get $out) (i32.load16_u (i32.shl (local.get $a) (i32.const 1))))
    (i32.store16 offset=2 (local.get $out)
      (i32.load16_u
        (i32.shl (i32.sub (local.get $hi) (i32.mul (local.get $a) (i32.const 100)))
          (i32.const 1))))
    (i32.store16 offset=4 (local.get $out) (i32.load16_u (i32.shl (local.get $b) (i32.const 1))))
    (i32.store16 offset=6 (local.get $out)
      (i32.load16_u
        (i32.shl (i32.sub (local.get $lo) (i32.mul (local.get $b) (i32.const 100)))
          (i32.const 1))))
    (i32.add (local.get $out) (i32.const 8)))

;; An unsigned 64-bit integer in decimal: its leading digits, then eight
  ;; at a time. One call of each helper: V8's optimizing tier inlines every
  ;; call, and a function with fewer takes less time to compile while the
  ;; first run goes on in the baseline tier.
  (func $u64 (param $v i64) (param $out i32) (result i32)
    (local $hi i64) (local $lead i64) (local $mid i32) (local $lo i32) (local $n i32)
    (if (i32.gt_u (i32.add (local.get $out) (i32.const 21)) (global.get $limit))
      (then unreachable))
    (local.set $lead (local.get $v))
    (if (i64.ge_u (local.get $v) (i64.const 100000000))
      (then
        (local.set $hi (i64.div_u (local.get $v) (i64.const 100000000)))
        (local.set $lo
          (i32.wrap_i64
            (i64.sub (local.get $v) (i64.mul (local.get $hi) (i64.const 100000000)))))
        (local.set $lead (local.get $hi))
        (local.set $mid (local.get $lo))
        (local.set $n (i32.const 1))
        (if (i64.ge_u (local.get $hi) (i64.const 100000000))
          (then
            (local.set $lead (i64.div_u (local.get $hi) (i64.const 100000000)))
            (local.set $mid
              (i32.wrap_i64
                (i64.sub (local.get $hi)
                  (i64.mul (local.get $lead) (i64.const 100000000)))))
            (local.set $n (i32.const 2))))))
    (local.set $out (call $u27 (i32.wrap_i64 (local.get $lead)) (local.get $out)))
    (block $done
      (loop $chunks
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $out (call $d8 (local.get $mid) (local.get $out)))
        (local.set $mid (local.get $lo))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $chunks)))
    (local.get $out))

;; "\uXXXX" for the UTF-16 code unit u, hex digits in lowercase as Python
  ;; writes them.
  (func $unit (param $u i32) (param $out i32) (result i32)
    (local $k i32) (local $d i32)
    (i32.store16 (local.get $out) (i32.const 0x755c)) ;; "\u"
    (local.set $k (i32.const 0))
    (loop $digits
      (local.set $d
        (i32.and (i32.shr_u (local.get $u) (i32.sub (i32.const 12) (i32.shl (local.get $k) (i32.const 2))))
          (i32.const 15)))
      (i32.store8 offset=2 (i32.add (local.get $out) (local.get $k))
        (i32.add (local.get $d)
          (select (i32.const 48) (i32.const 87) (i32.lt_u (local.get $d) (i32.const 10)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $digits (i32.lt_u (local.get $k) (i32.const 4))))
    (i32.add (local.get $out) (i32.const 6)))

  ;; A string field: its bytes as UTF-8, each byte of no valid sequence taken
  ;; as the lone surrogate U+DC80..U+DCFF (Python's surrogateescape), written
  ;; quoted with json.dumps' ensure_ascii escapes: printable ASCII as is,
  ;; short escapes for the quote, backslash, \b \t \n \f \r, and "\uXXXX" for
  ;; every other code unit (an astral character is a surrogate pair).
  (func $string (param $end i32) (param $out i32) (result i32)
    (local $p i32) (local $stop i32) (local $b i32)
    (local $need i32) (local $cp i32) (local $min i32) (local $k i32)
    (local $c i32) (local $ok i32) (local $short i32)
    (local.set $stop (call $length (local.get $end)))
    (local.set $p (global.get $pos))
    (local.set $stop (i32.add (local.get $p) (local.get $stop)))
    ;; Six characters a byte at most, and the quotes.
    (call $room (local.get $out)
      (i32.add (i32.mul (i32.sub (local.get $stop) (local.get $p)) (i32.const 6)) (i32.const 2)))
    (i32.store8 (local.get $out) (i32.const 34))
    (local.set $out (i32.add (local.get $out) (i32.const 1)))
    (block $done
      (loop $byte
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $b (i32.load8_u (local.get $p)))
        (if (i32.and
              (i32.lt_u (i32.sub (local.get $b) (i32.const 0x20)) (i32.const 0x5f))
              (i32.and (i32.ne (local.get $b) (i32.const 34))
                (i32.ne (local.get $b) (i32.const 92))))
          (then
            (i32.store8 (local.get $out) (local.get $b))
            (local.set $out (i32.add (local.get $out) (i32.const 1)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $byte)))
        (if (i32.lt_u (local.get $b) (i32.const 0x80))
          (then
            (local.set $short
              (if (result i32) (i32.eq (local.get $b) (i32.const 34))
                (then (i32.const 34))
                (else (if (result i32) (i32.eq (local.get $b) (i32.const 92))
                  (then (i32.const 92))
                  (else (if (result i32) (i32.eq (local.get $b) (i32.const 8))
                    (then (i32.const 98)) ;; b
                    (else (if (result i32) (i32.eq (local.get $b) (i32.const 9))
                      (then (i32.const 116)) ;; t
                      (else (if (result i32) (i32.eq (local.get $b) (i32.const 10))
                        (then (i32.const 110)) ;; n
                        (else (if (result i32) (i32.eq (local.get $b) (i32.const 12))
                          (then (i32.const 102)) ;; f
                          (else (select (i32.const 114) (i32.const 0) ;; r
                            (i32.eq (local.get $b) (i32.const 13))))))))))))))))
            (if (local.get $short)
              (then
                (i32.store8 (local.get $out) (i32.const 92))
                (i32.store8 offset=1 (local.get $out) (local.get $short))
                (local.set $out (i32.add (local.get $out) (i32.const 2))))
              (else
                (local.set $out (call $unit (local.get $b) (local.get $out)))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $byte)))
        ;; A lead byte and what it needs, as UTF-8 defines them.
        (local.set $need (i32.const 0))
        (if (i32.and (i32.ge_u (local.get $b) (i32.const 0xc2))
              (i32.le_u (local.get $b) (i32.const 0xdf)))
          (then
            (local.set $need (i32.const 1))
            (local.set $cp (i32.and (local.get $b) (i32.const 0x1f)))
            (local.set $min (i32.const 0x80))))
        (if (i32.and (i32.ge_u (local.get $b) (i32.const 0xe0))
              (i32.le_u (local.get $b) (i32.const 0xef)))
          (then
            (local.set $need (i32.const 2))
            (local.set $cp (i32.and (local.get $b) (i32.const 0x0f)))
            (local.set $min (i32.const 0x800))))
        (if (i32.and (i32.ge_u (local.get $b) (i32.const 0xf0))
              (i32.le_u (local.get $b) (i32.const 0xf4)))
          (then
            (local.set $need (i32.const 3))
            (local.set $cp (i32.and (local.get $b) (i32.const 0x07)))
            (local.set $min (i32.const 0x10000))))
        (local.set $ok
          (i32.and (i32.ne (local.get $need) (i32.const 0))
            (i32.lt_u (i32.add (local.get $p) (local.get $need)) (local.get $stop))))
        (if (local.get $ok)
          (then
            (local.set $k (i32.const 1))
            (loop $continuation
              (local.set $c (i32.load8_u (i32.add (local.get $p) (local.get $k))))
              (if (i32.ne (i32.and (local.get $c) (i32.const 0xc0)) (i32.const 0x80))
                (then (local.set $ok (i32.const 0))))
              (local.set $cp
                (i32.or (i32.shl (local.get $cp) (i32.const 6))
                  (i32.and (local.get $c) (i32.const 0x3f))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $continuation
                (i32.and (local.get $ok) (i32.le_u (local.get $k) (local.get $need)))))))
        (if (i32.and (local.get $ok)
              (i32.and
                (i32.and (i32.ge_u (local.get $cp) (local.get $min))
                  (i32.le_u (local.get $cp) (i32.const 0x10ffff)))
                (i32.ne (i32.and (local.get $cp) (i32.const 0xfff800)) (i32.const 0xd800))))
          (then
            (if (i32.ge_u (local.get $cp) (i32.const 0x10000))
              (then
                (local.set $cp (i32.sub (local.get $cp) (i32.const 0x10000)))
                (local.set $out
                  (call $unit
                    (i32.or (i32.const 0xd800) (i32.shr_u (local.get $cp) (i32.const 10)))
                    (local.get $out)))
                (local.set $cp
                  (i32.or (i32.const 0xdc00) (i32.and (local.get $cp) (i32.const 0x3ff))))))
            (local.set $out (call $unit (local.get $cp) (local.get $out)))
            (local.set $p (i32.add (i32.add (local.get $p) (local.get $need)) (i32.const 1))))
          (else
            (local.set $out
              (call $unit (i32.or (i32.const 0xdc00) (local.get $b)) (local.get $out)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))))
        (br $byte)))
    (i32.store8 (local.get $out) (i32.const 34))
    (global.set $pos (local.get $stop))
    (i32.add (local.get $out) (i32.const 1)))

;; The length of a length-delimited value, checked against what is left;
  ;; $pos is left at its first byte.
  (func $length (param $end i32) (result i32)
    (local $v i64)
    (local.set $v (call $varint (local.get $end)))
    (if (i64.gt_u (local.get $v)
          (i64.extend_i32_u (i32.sub (local.get $end) (global.get $pos))))
      (then unreachable))
    (i32.wrap_i64 (local.get $v)))

  ;; The base64 character of the low six bits of v.
  (func $b64 (param $v i32) (param $out i32)
    (i32.store8 (local.get $out)
      (i32.load8_u offset=200 (i32.and (local.get $v) (i32.const 63)))))

  ;; A bytes field as Python's base64.encodebytes writes it: a line of 76
  ;; characters for every 57 bytes, the last one shorter and padded, each
  ;; line ending in a newline, here JSON's "\n".
  (func $base64 (param $end i32) (param $out i32) (result i32)
    (local $p i32) (local $stop i32) (local $line i32) (local $v i32) (local $n i32)
    (local.set $n (call $length (local.get $end)))
    (local.set $p (global.get $pos))
    (local.set $stop (i32.add (local.get $p) (local.get $n)))
    ;; 78 characters for each 57 bytes at most, and the quotes.
    (call $room (local.get $out) (i32.add (i32.shl (local.get $n) (i32.const 1)) (i32.const 8)))
    (i32.store8 (local.get $out) (i32.const 34))
    (local.set $out (i32.add (local.get $out) (i32.const 1)))
    (block $done
      (loop $lines
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $line (i32.add (local.get $p) (i32.const 57)))
        (if (i32.gt_u (local.get $line) (local.get $stop))
          (then (local.set $line (local.get $stop))))
        (block $tail
          (loop $triples
            (br_if $tail (i32.gt_u (i32.add (local.get $p) (i32.const 3)) (local.get $line)))
            (local.set $v
              (i32.or
                (i32.or
                  (i32.shl (i32.load8_u (local.get $p)) (i32.const 16))
                  (i32.shl (i32.load8_u offset=1 (local.get $p)) (i32.const 8)))
                (i32.load8_u offset=2 (local.get $p))))
            (call $b64 (i32.shr_u (local.get $v) (i32.const 18)) (local.get $out))
            (call $b64 (i32.shr_u (local.get $v) (i32.const 12)) (i32.add (local.get $out) (i32.const 1)))
            (call $b64 (i32.shr_u (local.get $v) (i32.const 6)) (i32.add (local.get $out) (i32.const 2)))
            (call $b64 (local.get $v) (i32.add (local.get $out) (i32.const 3)))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $p (i32.add (local.get $p) (i32.const 3)))
            (br $triples)))
        ;; One or two bytes left: padded.
        (if (i32.lt_u (local.get $p) (local.get $line))
          (then
            (local.set $v (i32.shl (i32.load8_u (local.get $p)) (i32.const 16)))
            (if (i32.lt_u (i32.add (local.get $p) (i32.const 1)) (local.get $line))
              (then
                (local.set $v
                  (i32.or (local.get $v)
                    (i32.shl (i32.load8_u offset=1 (local.get $p)) (i32.const 8))))))
            (call $b64 (i32.shr_u (local.get $v) (i32.const 18)) (local.get $out))
            (call $b64 (i32.shr_u (local.get $v) (i32.const 12)) (i32.add (local.get $out) (i32.const 1)))
            (if (i32.lt_u (i32.add (local.get $p) (i32.const 1)) (local.get $line))
              (then
                (call $b64 (i32.shr_u (local.get $v) (i32.const 6)) (i32.add (local.get $out) (i32.const 2))))
              (else (i32.store8 offset=2 (local.get $out) (i32.const 61))))
            (i32.store8 offset=3 (local.get $out) (i32.const 61))
            (local.set $out (i32.add (local.get $out) (i32.const 4)))
            (local.set $p (local.get $line))))
        (i32.store16 (local.get $out) (i32.const 0x6e5c)) ;; "\n"
        (local.set $out (i32.add (local.get $out) (i32.const 2)))
        (br $lines)))
    (i32.store8 (local.get $out) (i32.const 34))
    (global.set $pos (local.get $stop))
    (i32.add (local.get $out) (i32.const 1)))

  ;; An uppercase hex digit.
  (func $hex_upper (param $d i32) (result i32)
    (i32.add (local.get $d)
      (select (i32.const 48) (i32.const 55) (i32.lt_u (local.get $d) (i32.const 10)))))

  ;; A unix socket's name as crit writes it, quopri.encodestring's text, for
  ;; names of one line: a line break in the name (LF or CR LF), or a name
  ;; long enough for a soft break, traps. Bytes above 126, "=" and control
  ;; bytes but tab, space and CR are "=XX"; so are a "." that starts the text
  ;; and is all of it or is followed by a NUL, and a tab or space that ends
  ;; it. The text is then written with JSON's escapes (a tab, a CR, a quote,
  ;; a backslash).
  (func $quopri (param $end i32) (param $out i32) (result i32)
    (local $p i32) (local $stop i32) (local $c i32) (local $next i32)
    (local $line i32) (local $quote i32)
    (local.set $stop (call $length (local.get $end)))
    (local.set $p (global.get $pos))
    (local.set $stop (i32.add (local.get $p) (local.get $stop)))
    ;; Three characters a byte at most, and the quotes.
    (call $room (local.get $out)
      (i32.add (i32.mul (i32.sub (local.get $stop) (local.get $p)) (i32.const 3)) (i32.const 2)))
    (i32.store8 (local.get $out) (i32.const 34))
    (local.set $out (i32.add (local.get $out) (i32.const 1)))
    (block $done
      (loop $byte
        (br_if $done (i32.ge_u (local.get $p) (local.get $stop)))
        (local.set $c (i32.load8_u (local.get $p)))
        (local.set $next
          (if (result i32) (i32.lt_u (i32.add (local.get $p) (i32.const 1)) (local.get $stop))
            (then (i32.load8_u offset=1 (local.get $p)))
            (else (i32.const -1))))
        ;; A hard line break: LF, or CR LF.
        (if (i32.or (i32.eq (local.get $c) (i32.const 10))
              (i32.and (i32.eq (local.get $c) (i32.const 13))
                (i32.eq (local.get $next) (i32.const 10))))
          (then unreachable))
        (local.set $quote
          (i32.or
            (i32.or
              (i32.or (i32.gt_u (local.get $c) (i32.const 126)) (i32.eq (local.get $c) (i32.const 61)))
              (i32.and (i32.lt_u (local.get $c) (i32.const 32))
                (i32.and (i32.ne (local.get $c) (i32.const 9)) (i32.ne (local.get $c) (i32.const 13)))))
            (i32.or
              (i32.and
                (i32.and (i32.eq (local.get $c) (i32.const 46)) (i32.eqz (local.get $line)))
                (i32.or (i32.eq (local.get $next) (i32.const -1)) (i32.eqz (local.get $next))))
              (i32.and
                (i32.or (i32.eq (local.get $c) (i32.const 32)) (i32.eq (local.get $c) (i32.const 9)))
                (i32.eq (local.get $next) (i32.const -1))))))
        (if (local.get $quote)
          (then
            (if (i32.ge_u (i32.add (local.get $line) (i32.const 3)) (i32.const 76))
              (then unreachable))
            (i32.store8 (local.get $out) (i32.const 61))
            (i32.store8 offset=1 (local.get $out)
              (call $hex_upper (i32.shr_u (local.get $c) (i32.const 4))))
            (i32.store8 offset=2 (local.get $out)
              (call $hex_upper (i32.and (local.get $c) (i32.const 15))))
            (local.set $out (i32.add (local.get $out) (i32.const 3)))
            (local.set $line (i32.add (local.get $line) (i32.const 3))))
          (else
            (if (i32.and
                  (i32.and (i32.ne (local.get $next) (i32.const -1))
                    (i32.ne (local.get $next) (i32.const 10)))
                  (i32.ge_u (i32.add (local.get $line) (i32.const 1)) (i32.const 76)))
              (then unreachable))
            (if (i32.or (i32.eq (local.get $c) (i32.const 34)) (i32.eq (local.get $c) (i32.const 92)))
              (then
                (i32.store8 (local.get $out) (i32.const 92))
                (local.set $out (i32.add (local.get $out) (i32.const 1)))))
            (if (i32.eq (local.get $c) (i32.const 9))
              (then
                (i32.store8 (local.get $out) (i32.const 92))
                (local.set $out (i32.add (local.get $out) (i32.const 1)))
                (local.set $c (i32.const 116)))) ;; "\t"
            (if (i32.eq (local.get $c) (i32.const 13))
              (then
                (i32.store8 (local.get $out) (i32.const 92))
                (local.set $out (i32.add (local.get $out) (i32.const 1)))
                (local.set $c (i32.const 114)))) ;; "\r"
            (i32.store8 (local.get $out) (local.get $c))
            (local.set $out (i32.add (local.get $out) (i32.const 1)))
            (local.set $line (i32.add (local.get $line) (i32.const 1)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $byte)))
    (i32.store8 (local.get $out) (i32.const 34))
    (global.set $pos (local.get $stop))
    (i32.add (local.get $out) (i32.const 1)))

  ;; The lowercase hex digits of v, none before the first non-zero one.
  (func $hex_digits (param $v i64) (param $out i32) (result i32)
    (local $n i32) (local $q i32) (local $d i32)
    (local.set $n
      (i32.shr_u (i32.sub (i32.const 67) (i32.wrap_i64 (i64.clz (local.get $v))))
        (i32.const 2)))
    (if (i32.eqz (local.get $n)) (then (local.set $n (i32.const 1))))
    (call $room (local.get $out) (local.get $n))
    (local.set $q (i32.add (local.get $out) (local.get $n)))
    (block $pairs_done
      (loop $pairs
        (br_if $pairs_done (i32.lt_u (i32.sub (local.get $q) (local.get $out)) (i32.const 2)))
        (local.set $q (i32.sub (local.get $q) (i32.const 2)))
        (i32.store16 (local.get $q)
          (i32.load16_u offset=512
            (i32.shl (i32.wrap_i64 (i64.and (local.get $v) (i64.const 255))) (i32.const 1))))
        (local.set $v (i64.shr_u (local.get $v) (i64.const 8)))
        (br $pairs)))
    (if (i32.gt_u (local.get $q) (local.get $out))
      (then
        (local.set $d (i32.wrap_i64 (i64.and (local.get $v) (i64.const 15))))
        (i32.store8 (local.get $out)
          (i32.add (local.get $d)
            (select (i32.const 48) (i32.const 87) (i32.lt_u (local.get $d) (i32.const 10)))))))
    (i32.add (local.get $out) (local.get $n)))

  (func $byte (param $b i32) (param $out i32) (result i32)
    (call $room (local.get $out) (i32.const 1))
    (i32.store8 (local.get $out) (local.get $b))
    (i32.add (local.get $out) (i32.const 1)))

  ;; crit's hex text of an integer, quoted: "0x1f", "-0x1f".
  (func $hex (param $v i64) (param $signed i32) (param $out i32) (result i32)
    (call $room (local.get $out) (i32.const 4))
    (i32.store8 (local.get $out) (i32.const 34))
    (local.set $out (i32.add (local.get $out) (i32.const 1)))
    (if (i32.and (local.get $signed) (i64.lt_s (local.get $v) (i64.const 0)))
      (then
        (i32.store8 (local.get $out) (i32.const 45))
        (local.set $out (i32.add (local.get $out) (i32.const 1)))
        (local.set $v (i64.sub (i64.const 0) (local.get $v)))))
    (i32.store16 (local.get $out) (i32.const 0x7830)) ;; "0x"
    (local.set $out (call $hex_digits (local.get $v) (i32.add (local.get $out) (i32.const 2))))
    (call $byte (i32.const 34) (local.get $out)))

  ;; An integer in decimal, signed or not: its sign, then one call of $u64
  ;; (see there).
  (func $decimal (param $v i64) (param $signed i32) (param $out i32) (result i32)
    (if (i32.and (local.get $signed) (i64.lt_s (local.get $v) (i64.const 0)))
      (then
        (call $room (local.get $out) (i32.const 1))
        (i32.store8 (local.get $out) (i32.const 45))
        (local.set $out (i32.add (local.get $out) (i32.const 1)))
        (local.set $v (i64.sub (i64.const 0) (local.get $v)))))
    (call $u64 (local.get $v) (local.get $out)))

  ;; An integer field's value in pretty text, as crit converts it
  ;; (convertScalar): hex inside a hex message or for a hex field, else a
  ;; device's "major:minor", flag names, a dict label, or the number. The
  ;; conversions past hex take the value as a JavaScript number, exact below
  ;; 2^53 only: anything larger traps.
  (func $integer (param $f i32) (param $v i64) (param $signed i32) (param $out i32)
    (param $hex i32) (result i32)
    (local $conv i32) (local $table i32) (local $lo i32) (local $all i32)
    (local $entry i32) (local $last i32) (local $first i32)
    (local.set $conv (i32.load offset=32 (local.get $f)))
    (if (i32.or (i32.or (local.get $hex) (i32.eq (local.get $conv) (i32.const 4)))
          (i32.and (i32.load offset=8 (local.get $f)) (i32.const 4)))
      (then (return (call $hex (local.get $v) (local.get $signed) (local.get $out)))))
    ;; An address list's words, when there are not one or four: numbers.
    (if (i32.or (i32.eqz (local.get $conv)) (i32.eq (local.get $conv) (i32.const 6)))
      (then (return (call $decimal (local.get $v) (local.get $signed) (local.get $out)))))
    (if (i32.and (local.get $signed) (i64.lt_s (local.get $v) (i64.const 0)))
      (then
        (if (i64.lt_s (local.get $v) (i64.const -9007199254740991)) (then unreachable)))
      (else
        (if (i64.gt_u (local.get $v) (i64.const 9007199254740991)) (then unreachable))))
    (local.set $table (i32.load offset=36 (local.get $f)))
    (local.set $lo (i32.wrap_i64 (local.get $v)))
    (call $room (local.get $out) (i32.const 1))
    (block $dict (block $flags (block $odev (block $dev
      (br_table $dev $dev $odev $flags $dict $dict (local.get $conv)))
      ;; dev: major and minor, the minor's 20 bits low
      (local.set $out (call $byte (i32.const 34) (local.get $out)))
      (local.set $out
        (call $decimal (i64.shr_s (local.get $v) (i64.const 20)) (i32.const 1) (local.get $out)))
      (local.set $out (call $byte (i32.const 58) (local.get $out)))
      (local.set $out
        (call $u64 (i64.extend_i32_u (i32.and (local.get $lo) (i32.const 0xfffff)))
          (local.get $out)))
      (return (call $byte (i32.const 34) (local.get $out))))
      ;; odev: glibc's dev_t of the low 32 bits
      (local.set $out (call $byte (i32.const 34) (local.get $out)))
      (local.set $out
        (call $u64
          (i64.extend_i32_u (i32.and (i32.shr_u (local.get $lo) (i32.const 8)) (i32.const 0xfff)))
          (local.get $out)))
      (local.set $out (call $byte (i32.const 58) (local.get $out)))
      (local.set $out
        (call $u64
          (i64.extend_i32_u
            (i32.or (i32.and (local.get $lo) (i32.const 0xff))
              (i32.and (i32.shr_u (local.get $lo) (i32.const 12)) (i32.const 0xfff00))))
          (local.get $out)))
      (return (call $byte (i32.const 34) (local.get $out))))
      ;; flags: the names of the table's bits set in the low 32 bits, in table
      ;; order, then what is left in hex, joined by " | "
      (local.set $out (call $byte (i32.const 34) (local.get $out)))
      (local.set $first (i32.const 1))
      (local.set $entry (i32.add (local.get $table) (i32.const 4)))
      (local.set $last
        (i32.add (local.get $entry) (i32.mul (i32.load (local.get $table)) (i32.const 12))))
      (block $named
        (loop $names
          (br_if $named (i32.ge_u (local.get $entry) (local.get $last)))
          (if (i32.and (local.get $lo) (i32.load (local.get $entry)))
            (then
              (if (i32.eqz (local.get $first))
                (then (local.set $out (call $copy (i32.const 264) (i32.const 3) (local.get $out)))))
              (local.set $first (i32.const 0))
              (local.set $out
                (call $copy (i32.load offset=4 (local.get $entry))
                  (i32.load offset=8 (local.get $entry)) (local.get $out)))))
          (local.set $all (i32.or (local.get $all) (i32.load (local.get $entry))))
          (local.set $entry (i32.add (local.get $entry) (i32.const 12)))
          (br $names)))
      (local.set $lo (i32.and (local.get $lo) (i32.xor (local.get $all) (i32.const -1))))
      (if (local.get $lo)
        (then
          (if (i32.eqz (local.get $first))
            (then (local.set $out (call $copy (i32.const 264) (i32.const 3) (local.get $out)))))
          (local.set $out (call $copy (i32.const 267) (i32.const 2) (local.get $out)))
          (local.set $out (call $hex_digits (i64.extend_i32_u (local.get $lo)) (local.get $out)))))
      (return (call $byte (i32.const 34) (local.get $out))))
    ;; dict (5): the label of the value, quoted, or the number
    (local.set $entry (i32.add (local.get $table) (i32.const 4)))
    (local.set $last
      (i32.add (local.get $entry) (i32.mul (i32.load (local.get $table)) (i32.const 12))))
    (block $missing
      (loop $labels
        (br_if $missing (i32.ge_u (local.get $entry) (local.get $last)))
        (if (i64.eq (local.get $v) (i64.extend_i32_u (i32.load (local.get $entry))))
          (then
            (return
              (call $copy (i32.load offset=4 (local.get $entry))
                (i32.load offset=8 (local.get $entry)) (local.get $out)))))
        (local.set $entry (i32.add (local.get $entry) (i32.const 12)))
        (br $labels)))
    (call $decimal (local.get $v) (local.get $signed) (local.get $out)))

  ;; A field's value: a nested message by $message, anything else by
  ;; $value. Kept apart so that $value never calls $message: V8's optimizing
  ;; tier inlines what a function calls, and $value with $message inlined
  ;; took 6.6 ms to compile, time a one-shot run spent in the baseline tier.
  (func $field (param $f i32) (param $end i32) (param $out i32) (param $depth i32)
    (param $level i32) (param $hex i32) (result i32)
    (local $stop i32)
    (if (i32.ne (i32.load offset=4 (local.get $f)) (i32.const 8))
      (then
        (return
          (call $value (local.get $f) (local.get $end) (local.get $out)
            (local.get $level) (local.get $hex)))))
    (local.set $stop (i32.add (call $length (local.get $end)) (global.get $pos)))
    (if (i32.and (global.get $skip) (i32.eqz (local.get $depth)))
      (then
        (global.set $pos (local.get $stop))
        (return (local.get $out))))
    (local.set $out
      (call $message (i32.load offset=28 (local.get $f)) (local.get $stop)
        (local.get $out) (i32.add (local.get $depth) (i32.const 1))
        (local.get $level)
        (i32.or (local.get $hex)
          (i32.shr_u (i32.and (i32.load offset=8 (local.get $f)) (i32.const 4))
            (i32.const 2)))))
    (if (i32.ne (global.get $pos) (local.get $stop)) (then unreachable))
    (local.get $out))

  (func $value (param $f i32) (param $end i32) (param $out i32)
    (param $level i32) (param $hex i32) (result i32)
    (local $kind i32) (local $v i64) (local $lo i32) (local $signed i32)
    (local $table i32) (local $entry i32) (local $p i32)
    (local.set $kind (i32.load offset=4 (local.get $f)))
    (if (i32.ge_u (local.get $kind) (i32.const 9))
      (then
        (if (i32.eq (local.get $kind) (i32.const 10))
          (then (return (call $string (local.get $end) (local.get $out)))))
        (if (i32.eq (local.get $kind) (i32.const 11))
          (then (return (call $base64 (local.get $end) (local.get $out)))))
        (if (i32.eq (local.get $kind) (i32.const 12))
          (then (return (call $quopri (local.get $end) (local.get $out)))))
        unreachable))
    ;; $varint, its one-byte case written out.
    (local.set $p (global.get $pos))
    (if (i32.and (i32.lt_u (local.get $p) (local.get $end))
          (i32.lt_u (i32.load8_u (local.get $p)) (i32.const 128)))
      (then
        (local.set $v (i64.load8_u (local.get $p)))
        (global.set $pos (i32.add (local.get $p) (i32.const 1))))
      (else
        (if (i32.ge_u (local.get $p) (local.get $end)) (then unreachable))
        (local.set $v (call $varint_long (local.get $p) (local.get $end)))))
    (local.set $lo (i32.wrap_i64 (local.get $v)))
    (block $integer
      (block $int32 (block $uint32 (block $sint32 (block $int64 (block $uint64
        (block $sint64 (block $bool (block $enum
          (br_table $int32 $uint32 $sint32 $int64 $uint64 $sint64 $bool $enum
            (local.get $kind)))
          ;; enum: its quoted name
          (local.set $table (i32.load offset=28 (local.get $f)))
          (if (i32.ge_u (local.get $lo) (i32.load (local.get $table)))
            (then unreachable))
          (local.set $entry
            (i32.add (local.get $table)
              (i32.add (i32.const 4) (i32.shl (local.get $lo) (i32.const 3)))))
          (if (i32.eqz (i32.load (local.get $entry))) (then unreachable))
          (return
            (call $copy (i32.load (local.get $entry))
              (i32.load offset=4 (local.get $entry)) (local.get $out))))
          ;; bool
          (call $room (local.get $out) (i32.const 5))
          (if (i64.eqz (local.get $v))
            (then
              (i32.store (local.get $out) (i32.const 0x736c6166)) ;; "fals"
              (i32.store8 offset=4 (local.get $out) (i32.const 0x65)) ;; "e"
              (return (i32.add (local.get $out) (i32.const 5)))))
          (i32.store (local.get $out) (i32.const 0x65757274)) ;; "true"
          (return (i32.add (local.get $out) (i32.const 4))))
          ;; sint64
          (local.set $v
            (i64.xor (i64.shr_u (local.get $v) (i64.const 1))
              (i64.sub (i64.const 0) (i64.and (local.get $v) (i64.const 1)))))
          (local.set $signed (i32.const 1))
          (br $integer))
          ;; uint64
          (br $integer))
          ;; int64
          (local.set $signed (i32.const 1))
          (br $integer))
          ;; sint32: of the low 32 bits
          (local.set $v
            (i64.extend_i32_s
              (i32.xor (i32.shr_u (local.get $lo) (i32.const 1))
                (i32.sub (i32.const 0) (i32.and (local.get $lo) (i32.const 1))))))
          (local.set $signed (i32.const 1))
          (br $integer))
          ;; uint32: the low 32 bits
          (local.set $v (i64.extend_i32_u (local.get $lo)))
          (br $integer))
      ;; int32: the low 32 bits, signed
      (local.set $v (i64.extend_i32_s (local.get $lo)))
      (local.set $signed (i32.const 1)))
    ;; One-line text, the bulk: the number (an unsigned one straight to $u64).
    (if (i32.eqz (global.get $pretty))
      (then
        (if (i32.eqz (local.get $signed))
          (then (return (call $u64 (local.get $v) (local.get $out)))))
        (return (call $decimal (local.get $v) (local.get $signed) (local.get $out)))))
    (call $integer (local.get $f) (local.get $v) (local.get $signed) (local.get $out)
      (local.get $hex)))

;; A pretty list of IP addresses (a repeated field crit shows as
  ;; addresses) starting at $pos, just past its first tag, when it holds one
  ;; word (IPv4) or four (IPv6): the list with the address, on its own line
  ;; `level` deep, as Python's ipaddress writes it (IPv6 with the longest run
  ;; of two or more zero groups, the first of equals, as "::"); $pos is left
  ;; past the list. Any other count returns 0, $pos unchanged: its words are
  ;; written as numbers.
  (func $ip (param $f i32) (param $end i32) (param $out i32) (param $level i32)
    (result i32)
    (local $start i32) (local $n i32) (local $at i32) (local $w i32) (local $i i32)
    (local $j i32) (local $best i32) (local $best_len i32) (local $g i32)
    (local.set $start (global.get $pos))
    (block $counted
      (loop $words
        (local.set $w (i32.wrap_i64 (call $varint (local.get $end))))
        (if (i32.ge_u (local.get $n) (i32.const 4))
          (then (global.set $pos (local.get $start)) (return (i32.const 0))))
        ;; Its two 16-bit groups, in network order: the word's bytes as
        ;; they lie in memory.
        (i32.store16 offset=300 (i32.shl (local.get $n) (i32.const 2))
          (i32.or (i32.shl (i32.and (local.get $w) (i32.const 0xff)) (i32.const 8))
            (i32.and (i32.shr_u (local.get $w) (i32.const 8)) (i32.const 0xff))))
        (i32.store16 offset=302 (i32.shl (local.get $n) (i32.const 2))
          (i32.or (i32.shl (i32.and (i32.shr_u (local.get $w) (i32.const 16)) (i32.const 0xff))
              (i32.const 8))
            (i32.shr_u (local.get $w) (i32.const 24))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $at (global.get $pos))
        (br_if $words (i32.eq (call $tag (local.get $end)) (i32.load (local.get $f))))
        (global.set $pos (local.get $at))))
    (if (i32.and (i32.ne (local.get $n) (i32.const 1)) (i32.ne (local.get $n) (i32.const 4)))
      (then (global.set $pos (local.get $start)) (return (i32.const 0))))
    (local.set $out (call $byte (i32.const 91) (local.get $out)))
    (local.set $out
      (call $newline (local.get $out) (i32.add (local.get $level) (i32.const 1)) (i32.const 0)))
    (local.set $out (call $byte (i32.const 34) (local.get $out)))
    (if (i32.eq (local.get $n) (i32.const 1))
      (then
        ;; a.b.c.d: the word's bytes, low first
        (loop $octets
          (if (local.get $i) (then (local.set $out (call $byte (i32.const 46) (local.get $out)))))
          (local.set $out
            (call $u64
              (i64.extend_i32_u
                (i32.and (i32.shr_u (local.get $w) (i32.shl (local.get $i) (i32.const 3)))
                  (i32.const 0xff)))
              (local.get $out)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $octets (i32.lt_u (local.get $i) (i32.const 4)))))
      (else
        ;; The longest run of zero groups, two at least, the first of equals.
        (local.set $best (i32.const -1))
        (local.set $best_len (i32.const 1))
        (block $runs_done
          (loop $runs
            (br_if $runs_done (i32.ge_u (local.get $i) (i32.const 8)))
            (if (i32.load16_u offset=300 (i32.shl (local.get $i) (i32.const 1)))
              (then
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $runs)))
            (local.set $j (local.get $i))
            (block $run_end
              (loop $run
                (br_if $run_end (i32.ge_u (local.get $j) (i32.const 8)))
                (br_if $run_end (i32.load16_u offset=300 (i32.shl (local.get $j) (i32.const 1))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $run)))
            (if (i32.gt_u (i32.sub (local.get $j) (local.get $i)) (local.get $best_len))
              (then
                (local.set $best (local.get $i))
                (local.set $best_len (i32.sub (local.get $j) (local.get $i)))))
            (local.set $i (local.get $j))
            (br $runs)))
        (local.set $i (i32.const 0))
        (local.set $j (i32.const 1)) ;; no colon before the next group
        (block $groups_done
          (loop $groups
            (br_if $groups_done (i32.ge_u (local.get $i) (i32.const 8)))
            (if (i32.eq (local.get $i) (local.get $best))
              (then
                (local.set $out (call $byte (i32.const 58) (local.get $out)))
                (local.set $out (call $byte (i32.const 58) (local.get $out)))
                (local.set $i (i32.add (local.get $i) (local.get $best_len)))
                (local.set $j (i32.const 1))
                (br $groups)))
            (if (i32.eqz (local.get $j))
              (then (local.set $out (call $byte (i32.const 58) (local.get $out)))))
            (local.set $j (i32.const 0))
            (local.set $g (i32.load16_u offset=300 (i32.shl (local.get $i) (i32.const 1))))
            (local.set $out (call $hex_digits (i64.extend_i32_u (local.get $g)) (local.get $out)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $groups)))))
    (local.set $out (call $byte (i32.const 34) (local.get $out)))
    (local.set $out (call $newline (local.get $out) (local.get $level) (i32.const 0)))
    (call $byte (i32.const 93) (local.get $out)))

  ;; Pretty text's line break: a comma first when asked, then a new line
  ;; indented four spaces a level.
  (func $newline (param $out i32) (param $level i32) (param $comma i32) (result i32)
    (local $n i32)
    (local.set $n (i32.shl (local.get $level) (i32.const 2)))
    (call $room (local.get $out) (i32.add (local.get $n) (i32.const 2)))
    (if (local.get $comma)
      (then
        (i32.store8 (local.get $out) (i32.const 44))
        (local.set $out (i32.add (local.get $out) (i32.const 1)))))
    (i32.store8 (local.get $out) (i32.const 10))
    (memory.fill (i32.add (local.get $out) (i32.const 1)) (i32.const 32) (local.get $n))
    (i32.add (i32.add (local.get $out) (i32.const 1)) (local.get $n)))

;; With $skip, the elements of a list of messages at $pos (past its first
  ;; tag) skipped as $field skips one, while the next tag is the list's;
  ;; returns the tag after them. Lengths and the list's tag of one byte
  ;; each, the common case, are read here, not by calls: a one-shot run
  ;; runs this loop once, in the baseline tier, where a call costs most.
  (func $skip_list (param $f i32) (param $end i32) (result i32)
    (local $tag i32) (local $p i32) (local $b i32)
    (local.set $tag (i32.load (local.get $f)))
    (local.set $p (global.get $pos))
    (loop $elements
      (if (i32.ge_u (local.get $p) (local.get $end)) (then unreachable))
      (local.set $b (i32.load8_u (local.get $p)))
      (if (i32.lt_u (local.get $b) (i32.const 128))
        (then
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (if (i32.gt_u (local.get $b) (i32.sub (local.get $end) (local.get $p)))
            (then unreachable))
          (local.set $p (i32.add (local.get $p) (local.get $b))))
        (else
          (global.set $pos (local.get $p))
          (local.set $p (i32.add (call $length (local.get $end)) (global.get $pos)))))
      ;; A byte under 128 is a whole tag: the list's goes on.
      (if (i32.and (i32.lt_u (local.get $tag) (i32.const 128))
            (i32.lt_u (local.get $p) (local.get $end)))
        (then
          (if (i32.eq (i32.load8_u (local.get $p)) (local.get $tag))
            (then
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (br $elements)))))
      (global.set $pos (local.get $p))
      (local.set $b (call $tag (local.get $end)))
      (local.set $p (global.get $pos))
      (br_if $elements (i32.eq (local.get $b) (local.get $tag))))
    (local.get $b))

  ;; The text from $window to out handed out when it is $flush_at long or
  ;; longer: returns where the text goes on.
  (func $flush_past (param $out i32) (result i32)
    (if (i32.lt_u (i32.sub (local.get $out) (global.get $window)) (global.get $flush_at))
      (then (return (local.get $out))))
    (call $flush (global.get $window) (local.get $out))
    (global.get $window))

  ;; A message of the type whose record is at m, up to end, laid out level
  ;; deep when pretty; hex is set inside a message crit writes in hex.
  ;; The common cases of $tag, $copy and $room are written out here, and
  ;; a field that is not a message goes to $value without $field: a one-shot
  ;; run spends its first milliseconds in V8's baseline tier, which inlines
  ;; nothing, and there a call cost more than these few instructions (with
  ;; the baseline tier alone, mm's 6.7 MB of text took 24 ms instead of 44).
  (func $message (param $m i32) (param $end i32) (param $out i32) (param $depth i32)
    (param $level i32) (param $hex i32) (result i32)
    (local $f i32) (local $last i32) (local $tag i32) (local $first i32)
    (local $element i32) (local $ip i32) (local $p i32) (local $src i32) (local $n i32)
    (local $stop i32)
    (if (i32.gt_u (local.get $depth) (i32.const 100)) (then unreachable))
    (local.set $f (i32.load (local.get $m)))
    (local.set $last
      (i32.add (local.get $f)
        (i32.mul (i32.load offset=4 (local.get $m)) (i32.const 40))))
    (if (i32.ge_u (local.get $out) (global.get $limit)) (then unreachable))
    (i32.store8 (local.get $out) (i32.const 123))
    (local.set $out (i32.add (local.get $out) (i32.const 1)))
    (local.set $first (i32.const 1))
    ;; A tag of one byte, as $tag reads it.
    (local.set $p (global.get $pos))
    (if (i32.and (i32.lt_u (local.get $p) (local.get $end))
          (i32.lt_u (i32.load8_u (local.get $p)) (i32.const 128)))
      (then
        (local.set $tag (i32.load8_u (local.get $p)))
        (global.set $pos (i32.add (local.get $p) (i32.const 1))))
      (else (local.set $tag (call $tag (local.get $end)))))
    (block $fields
      (loop $field
        (br_if $fields (i32.ge_u (local.get $f) (local.get $last)))
        (if (i32.eq (local.get $tag) (i32.load (local.get $f)))
          (then
            ;; The key, as $copy copies it.
            (if (local.get $first)
              (then
                (local.set $src (i32.load offset=12 (local.get $f)))
                (local.set $n (i32.load offset=16 (local.get $f))))
              (else
                (local.set $src (i32.load offset=20 (local.get $f)))
                (local.set $n (i32.load offset=24 (local.get $f)))))
            (local.set $stop (i32.add (local.get $out) (local.get $n)))
            (if (i32.gt_u (local.get $stop) (global.get $limit)) (then unreachable))
            (if (i32.le_u (local.get $n) (i32.const 64))
              (then
                (loop $words
                  (i64.store (local.get $out) (i64.load (local.get $src)))
                  (local.set $out (i32.add (local.get $out) (i32.const 8)))
                  (local.set $src (i32.add (local.get $src) (i32.const 8)))
                  (br_if $words (i32.lt_s (local.get $out) (local.get $stop)))))
              (else (memory.copy (local.get $out) (local.get $src) (local.get $n))))
            (local.set $out (local.get $stop))
            (local.set $first (i32.const 0))
            (if (i32.eqz (i32.and (i32.load offset=8 (local.get $f)) (i32.const 1)))
              (then
                (local.set $out
                  (if (result i32) (i32.ne (i32.load offset=4 (local.get $f)) (i32.const 8))
                    (then
                      (call $value (local.get $f) (local.get $end) (local.get $out)
                        (i32.add (local.get $level) (i32.const 1)) (local.get $hex)))
                    (else
                      (call $field (local.get $f) (local.get $end) (local.get $out)
                        (local.get $depth) (i32.add (local.get $level) (i32.const 1))
                        (local.get $hex)))))
                (local.set $p (global.get $pos))
                (if (i32.and (i32.lt_u (local.get $p) (local.get $end))
                      (i32.lt_u (i32.load8_u (local.get $p)) (i32.const 128)))
                  (then
                    (local.set $tag (i32.load8_u (local.get $p)))
                    (global.set $pos (i32.add (local.get $p) (i32.const 1))))
                  (else (local.set $tag (call $tag (local.get $end))))))
              (else
                ;; A pretty list of one or four address words: the address.
                (local.set $ip (i32.const 0))
                (if (i32.and (global.get $pretty)
                      (i32.eq (i32.load offset=32 (local.get $f)) (i32.const 6)))
                  (then
                    (local.set $ip
                      (call $ip (local.get $f) (local.get $end) (local.get $out)
                        (i32.add (local.get $level) (i32.const 1))))))
                (if (local.get $ip)
                  (then
                    (local.set $out (local.get $ip))
                    (local.set $tag (call $tag (local.get $end))))
                  (else
                    ;; A list of messages the check of the written message's
                    ;; own fields skips: all its elements at once.
                    (if (i32.and (global.get $skip)
                          (i32.and (i32.eqz (local.get $depth))
                            (i32.eq (i32.load offset=4 (local.get $f)) (i32.const 8))))
                      (then (local.set $tag (call $skip_list (local.get $f) (local.get $end))))
                      (else
                        (local.set $out (call $byte (i32.const 91) (local.get $out)))
                        (local.set $element (i32.const 1))
                        (loop $elements
                          (if (global.get $pretty)
                            (then
                              (local.set $out
                                (call $newline (local.get $out)
                                  (i32.add (local.get $level) (i32.const 2))
                                  (i32.eqz (local.get $element)))))
                            (else
                              (if (i32.eqz (local.get $element))
                                (then
                                  (if (i32.gt_u (i32.add (local.get $out) (i32.const 2))
                                        (global.get $limit))
                                    (then unreachable))
                                  (i32.store16 (local.get $out) (i32.const 0x202c))
                                  (local.set $out (i32.add (local.get $out) (i32.const 2)))))))
                          (local.set $element (i32.const 0))
                          (local.set $out
                            (call $field (local.get $f) (local.get $end) (local.get $out)
                              (local.get $depth) (i32.add (local.get $level) (i32.const 2))
                              (local.get $hex)))
                          ;; An element of the written message's own list is final
                          ;; once its fields were checked (see "write").
                          (if (i32.and (i32.ne (global.get $flush_at) (i32.const 0))
                                (i32.eqz (local.get $depth)))
                            (then (local.set $out (call $flush_past (local.get $out)))))
                          (local.set $p (global.get $pos))
                          (if (i32.and (i32.lt_u (local.get $p) (local.get $end))
                                (i32.lt_u (i32.load8_u (local.get $p)) (i32.const 128)))
                            (then
                              (local.set $tag (i32.load8_u (local.get $p)))
                              (global.set $pos (i32.add (local.get $p) (i32.const 1))))
                            (else (local.set $tag (call $tag (local.get $end)))))
                          (br_if $elements (i32.eq (local.get $tag) (i32.load (local.get $f)))))
                        (if (global.get $pretty)
                          (then
                            (local.set $out
                              (call $newline (local.get $out)
                                (i32.add (local.get $level) (i32.const 1)) (i32.const 0)))))
                        (local.set $out (call $byte (i32.const 93) (local.get $out))))))))))
          (else
            (if (i32.and (i32.load offset=8 (local.get $f)) (i32.const 2))
              (then unreachable))))
        (local.set $f (i32.add (local.get $f) (i32.const 40)))
        (br $field)))
    (if (i32.ne (local.get $tag) (i32.const -1)) (then unreachable))
    (if (i32.and (global.get $pretty) (i32.eqz (local.get $first)))
      (then (local.set $out (call $newline (local.get $out) (local.get $level) (i32.const 0)))))
    (call $room (local.get $out) (i32.const 1))
    (i32.store8 (local.get $out) (i32.const 125))
    (i32.add (local.get $out) (i32.const 1)))

  ;; Entries of the message type whose record is at m, as they lie in
  ;; [start, end), each a u32 size and its message, written one after
  ;; another at out as crit lays out an image's entries (pretty when the
  ;; record is a pretty one), each after its separator ("[" before the first
  ;; when first is set), while each is whole and at most max bytes; returns
  ;; where the text ends. Where each entry ends, in the bytes and in the
  ;; text, and the count so far are kept in $done_in, $done_out and
  ;; $done_count, which a trap leaves as they were.
  (global $done_in (export "done_in") (mut i32) (i32.const 0))
  (global $done_out (export "done_out") (mut i32) (i32.const 0))
  (global $done_count (export "done_count") (mut i32) (i32.const 0))
  (func (export "entries") (param $m i32) (param $start i32) (param $end i32)
    (param $out i32) (param $limit i32) (param $max i32) (param $first i32)
    (param $pretty i32) (param $flush_at i32) (result i32)
    (local $at i32) (local $size i32) (local $o i32)
    (global.set $limit (local.get $limit))
    (global.set $pretty (local.get $pretty))
    ;; Flushed between entries only: an entry is final once written whole.
    (global.set $flush_at (i32.const 0))
    (global.set $skip (i32.const 0))
    (global.set $done_in (local.get $start))
    (global.set $done_out (local.get $out))
    (global.set $done_count (i32.const 0))
    (block $stop
      (loop $entry
        (local.set $at (global.get $done_in))
        (br_if $stop (i32.lt_u (i32.sub (local.get $end) (local.get $at)) (i32.const 4)))
        (local.set $size (i32.load (local.get $at)))
        (br_if $stop (i32.gt_u (local.get $size) (local.get $max)))
        (br_if $stop
          (i32.gt_u (local.get $size)
            (i32.sub (i32.sub (local.get $end) (local.get $at)) (i32.const 4))))
        (local.set $o (global.get $done_out))
        (local.set $o
          (call $byte
            (select (i32.const 91) (i32.const 44)
              (i32.and (local.get $first) (i32.eqz (global.get $done_count))))
            (local.get $o)))
        (if (local.get $pretty)
          (then (local.set $o (call $newline (local.get $o) (i32.const 2) (i32.const 0))))
          (else
            (if (i32.eqz (i32.and (local.get $first) (i32.eqz (global.get $done_count))))
              (then (local.set $o (call $byte (i32.const 32) (local.get $o)))))))
        (global.set $pos (i32.add (local.get $at) (i32.const 4)))
        (local.set $o
          (call $message (local.get $m)
            (i32.add (i32.add (local.get $at) (i32.const 4)) (local.get $size))
            (local.get $o) (i32.const 0) (i32.const 2) (i32.const 0)))
        (global.set $done_in
          (i32.add (i32.add (local.get $at) (i32.const 4)) (local.get $size)))
        (global.set $done_count (i32.add (global.get $done_count) (i32.const 1)))
        (if (i32.and (i32.ne (local.get $flush_at) (i32.const 0))
              (i32.ge_u (i32.sub (local.get $o) (local.get $out)) (local.get $flush_at)))
          (then
            (call $flush (local.get $out) (local.get $o))
            (local.set $o (local.get $out))))
        (global.set $done_out (local.get $o))
        (br $entry)))
    (global.get $done_out))

  ;; The text of the message type whose record is at m, for the bytes
  ;; [start, end), laid out as an image's entry (pretty when asked), written
  ;; at out with no byte past limit; returns where the text ends (or traps).
  ;; With skip, the messages in the message's fields are skipped: a run that
  ;; checks the message's own fields, with the code that writes them. After
  ;; such a run, nothing of the message's own level traps, so with flush_at
  ;; its lists are handed out element by element: what comes after one can
  ;; only trap inside its own element, and text written before is what the
  ;; JavaScript writers write too.
  (func (export "write") (param $m i32) (param $start i32) (param $end i32)
    (param $out i32) (param $limit i32) (param $pretty i32) (param $flush_at i32)
    (param $skip i32) (result i32)
    (global.set $pos (local.get $start))
    (global.set $limit (local.get $limit))
    (global.set $pretty (local.get $pretty))
    (global.set $window (local.get $out))
    (global.set $flush_at (local.get $flush_at))
    (global.set $skip (local.get $skip))
    (call $message (local.get $m) (local.get $end) (local.get $out) (i32.const 0)
      (i32.const 2) (i32.const 0)))
)
