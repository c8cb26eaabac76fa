;; An LZMA decoder (the `.lzma` format), as a small wasm module of its own: it unpacks the client's
;; wasm, which travels packed with LZMA (js/src/internal/lzma.ts runs it). A decoder in JS runs in
;; the interpreter for the whole of its one run, which costs 20 ms at start-up; compiled by the
;; host's baseline compiler, this one takes about a millisecond.
;;
;; Memory: the adaptive probabilities (16-bit, one per index) from address 0, the packed input at
;; `input`, the output right after it. The output is also the dictionary.
(module
  (memory (export "memory") 1)

  ;; The range decoder: `range` and `code` are unsigned; `next` is the next input byte's address.
  (global $range (mut i32) (i32.const 0))
  (global $code (mut i32) (i32.const 0))
  (global $next (mut i32) (i32.const 0))

  ;; Where each group of probabilities starts (the format's layout).
  ;; IS_MATCH 0 (12 states × 16 positions), IS_REP 192, IS_REP_G0 204, IS_REP_G1 216,
  ;; IS_REP_G2 228, IS_REP0_LONG 240 (12 × 16), DISTANCE_SLOT 432 (4 length classes × 64),
  ;; DISTANCE_SPECIAL 688, DISTANCE_ALIGN 803, MATCH_LENGTH 819 and REP_LENGTH 1333 (choice,
  ;; choice 2, 16 × 8 low, 16 × 8 middle, 256 high), LITERAL 1847 (0x300 per literal context).

  (func $normalize
    (if (i32.lt_u (global.get $range) (i32.const 0x1000000))
      (then
        (global.set $range (i32.shl (global.get $range) (i32.const 8)))
        (global.set $code (i32.or (i32.shl (global.get $code) (i32.const 8)) (i32.load8_u (global.get $next))))
        (global.set $next (i32.add (global.get $next) (i32.const 1))))))

  ;; One bit through the probability at index `at`, which adapts toward it.
  (func $bit (param $at i32) (result i32)
    (local $p i32) (local $bound i32) (local $one i32)
    (local.set $at (i32.shl (local.get $at) (i32.const 1)))
    (local.set $p (i32.load16_u (local.get $at)))
    (local.set $bound (i32.mul (i32.shr_u (global.get $range) (i32.const 11)) (local.get $p)))
    (if (i32.lt_u (global.get $code) (local.get $bound))
      (then
        (global.set $range (local.get $bound))
        (i32.store16 (local.get $at) (i32.add (local.get $p) (i32.shr_u (i32.sub (i32.const 2048) (local.get $p)) (i32.const 5)))))
      (else
        (global.set $range (i32.sub (global.get $range) (local.get $bound)))
        (global.set $code (i32.sub (global.get $code) (local.get $bound)))
        (i32.store16 (local.get $at) (i32.sub (local.get $p) (i32.shr_u (local.get $p) (i32.const 5))))
        (local.set $one (i32.const 1))))
    ;; `$normalize`, written out: this is the hot path.
    (if (i32.lt_u (global.get $range) (i32.const 0x1000000))
      (then
        (global.set $range (i32.shl (global.get $range) (i32.const 8)))
        (global.set $code (i32.or (i32.shl (global.get $code) (i32.const 8)) (i32.load8_u (global.get $next))))
        (global.set $next (i32.add (global.get $next) (i32.const 1)))))
    (local.get $one))

  ;; `count` (≥ 1) bits with even probabilities, most significant first.
  (func $direct (param $count i32) (result i32)
    (local $value i32) (local $one i32)
    (loop $more
      (global.set $range (i32.shr_u (global.get $range) (i32.const 1)))
      (local.set $one (i32.ge_u (global.get $code) (global.get $range)))
      (if (local.get $one) (then (global.set $code (i32.sub (global.get $code) (global.get $range)))))
      (local.set $value (i32.or (i32.shl (local.get $value) (i32.const 1)) (local.get $one)))
      (call $normalize)
      (br_if $more (local.tee $count (i32.sub (local.get $count) (i32.const 1)))))
    (local.get $value))

  ;; `count` (≥ 1) bits through a tree of probabilities from `at`, most significant first.
  (func $tree (param $at i32) (param $count i32) (result i32)
    (local $node i32) (local $left i32)
    (local.set $node (i32.const 1))
    (local.set $left (local.get $count))
    (loop $more
      (local.set $node (i32.or (i32.shl (local.get $node) (i32.const 1)) (call $bit (i32.add (local.get $at) (local.get $node)))))
      (br_if $more (local.tee $left (i32.sub (local.get $left) (i32.const 1)))))
    (i32.sub (local.get $node) (i32.shl (i32.const 1) (local.get $count))))

  ;; The same, least significant first.
  (func $reverse_tree (param $at i32) (param $count i32) (result i32)
    (local $node i32) (local $value i32) (local $i i32) (local $one i32)
    (local.set $node (i32.const 1))
    (loop $more
      (local.set $one (call $bit (i32.add (local.get $at) (local.get $node))))
      (local.set $node (i32.or (i32.shl (local.get $node) (i32.const 1)) (local.get $one)))
      (local.set $value (i32.or (local.get $value) (i32.shl (local.get $one) (local.get $i))))
      (br_if $more (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $count))))
    (local.get $value))

  ;; A match's length, less two, from the length coder at `at`.
  (func $length (param $at i32) (param $pos_state i32) (result i32)
    (if (result i32) (i32.eqz (call $bit (local.get $at)))
      (then (call $tree (i32.add (i32.add (local.get $at) (i32.const 2)) (i32.shl (local.get $pos_state) (i32.const 3))) (i32.const 3)))
      (else
        (if (result i32) (i32.eqz (call $bit (i32.add (local.get $at) (i32.const 1))))
          (then (i32.add (i32.const 8) (call $tree (i32.add (i32.add (local.get $at) (i32.const 130)) (i32.shl (local.get $pos_state) (i32.const 3))) (i32.const 3))))
          (else (i32.add (i32.const 16) (call $tree (i32.add (local.get $at) (i32.const 258)) (i32.const 8))))))))

  ;; A match's distance, less one; 0xFFFFFFFF is the end marker.
  (func $distance (param $length i32) (result i32)
    (local $slot i32) (local $count i32) (local $base i32)
    (local.set $slot
      (call $tree
        (i32.add (i32.const 432) (i32.shl (select (local.get $length) (i32.const 3) (i32.lt_u (local.get $length) (i32.const 3))) (i32.const 6)))
        (i32.const 6)))
    (if (i32.lt_u (local.get $slot) (i32.const 4)) (then (return (local.get $slot))))
    (local.set $count (i32.sub (i32.shr_u (local.get $slot) (i32.const 1)) (i32.const 1)))
    (local.set $base (i32.shl (i32.or (i32.const 2) (i32.and (local.get $slot) (i32.const 1))) (local.get $count)))
    (if (i32.lt_u (local.get $slot) (i32.const 14))
      (then (return (i32.add (local.get $base) (call $reverse_tree (i32.sub (i32.add (i32.const 688) (local.get $base)) (local.get $slot)) (local.get $count))))))
    ;; The direct bits come before the aligned ones (operands are evaluated in order).
    (i32.add
      (i32.add (local.get $base) (i32.shl (call $direct (i32.sub (local.get $count) (i32.const 4))) (i32.const 4)))
      (call $reverse_tree (i32.const 803) (i32.const 4))))

  ;; Decodes the `.lzma` bytes at [input, end) into `size` bytes at `end`. Returns the address the
  ;; input was read to (the caller checks it is not past `end`), or 0 when the stream is corrupt.
  (func (export "decode") (param $input i32) (param $end i32) (param $size i32) (result i32)
    (local $properties i32) (local $lc i32) (local $lp_mask i32) (local $pb_mask i32)
    (local $i i32) (local $at i32) (local $state i32) (local $pos_state i32)
    (local $rep0 i32) (local $rep1 i32) (local $rep2 i32) (local $rep3 i32)
    (local $context i32) (local $symbol i32) (local $matched i32) (local $matched_bit i32) (local $one i32)
    (local $count i32) (local $stop i32)
    ;; Properties: lc + 9 × (lp + 5 × pb); byte 13 is the range coder's first, always 0.
    (local.set $properties (i32.load8_u (local.get $input)))
    (if (i32.or (i32.ge_u (local.get $properties) (i32.const 225)) (i32.load8_u offset=13 (local.get $input)))
      (then (return (i32.const 0))))
    (local.set $lc (i32.rem_u (local.get $properties) (i32.const 9)))
    (local.set $properties (i32.div_u (local.get $properties) (i32.const 9)))
    (local.set $lp_mask (i32.sub (i32.shl (i32.const 1) (i32.rem_u (local.get $properties) (i32.const 5))) (i32.const 1)))
    (local.set $pb_mask (i32.sub (i32.shl (i32.const 1) (i32.div_u (local.get $properties) (i32.const 5))) (i32.const 1)))
    ;; Every probability starts even (1024 of 2048), two at a time.
    (local.set $count (i32.add (i32.const 1847) (i32.shl (i32.const 0x300) (i32.add (local.get $lc) (i32.rem_u (local.get $properties) (i32.const 5))))))
    (loop $fill
      (i32.store (i32.shl (local.get $i) (i32.const 1)) (i32.const 0x04000400))
      (br_if $fill (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 2))) (local.get $count))))
    (global.set $range (i32.const -1))
    (global.set $code
      (i32.or (i32.or (i32.shl (i32.load8_u offset=14 (local.get $input)) (i32.const 24)) (i32.shl (i32.load8_u offset=15 (local.get $input)) (i32.const 16)))
              (i32.or (i32.shl (i32.load8_u offset=16 (local.get $input)) (i32.const 8)) (i32.load8_u offset=17 (local.get $input)))))
    (global.set $next (i32.add (local.get $input) (i32.const 18)))

    (block $done
      (loop $symbols
        (br_if $done (i32.ge_u (local.get $at) (local.get $size)))
        (local.set $pos_state (i32.and (local.get $at) (local.get $pb_mask)))
        (if (i32.eqz (call $bit (i32.add (i32.shl (local.get $state) (i32.const 4)) (local.get $pos_state))))
          (then
            ;; A literal, coded in the context of its position and the byte before it.
            (local.set $context
              (i32.add (i32.const 1847)
                (i32.mul (i32.const 0x300)
                  (i32.add
                    (i32.shl (i32.and (local.get $at) (local.get $lp_mask)) (local.get $lc))
                    (i32.shr_u
                      (select (i32.load8_u (i32.sub (i32.add (local.get $end) (local.get $at)) (i32.const 1))) (i32.const 0) (local.get $at))
                      (i32.sub (i32.const 8) (local.get $lc)))))))
            (local.set $symbol (i32.const 1))
            (if (i32.ge_u (local.get $state) (i32.const 7))
              (then
                ;; After a match, the byte the last distance points at guides the first bits.
                (local.set $matched (i32.load8_u (i32.sub (i32.sub (i32.add (local.get $end) (local.get $at)) (local.get $rep0)) (i32.const 1))))
                (block $differs
                  (loop $same
                    (local.set $matched_bit (i32.and (i32.shr_u (local.get $matched) (i32.const 7)) (i32.const 1)))
                    (local.set $matched (i32.shl (local.get $matched) (i32.const 1)))
                    (local.set $one
                      (call $bit (i32.add (i32.add (local.get $context) (i32.shl (i32.add (i32.const 1) (local.get $matched_bit)) (i32.const 8))) (local.get $symbol))))
                    (local.set $symbol (i32.or (i32.shl (local.get $symbol) (i32.const 1)) (local.get $one)))
                    (br_if $differs (i32.ne (local.get $one) (local.get $matched_bit)))
                    (br_if $same (i32.lt_u (local.get $symbol) (i32.const 0x100)))))))
            (block $byte
              (loop $bits
                (br_if $byte (i32.ge_u (local.get $symbol) (i32.const 0x100)))
                (local.set $symbol (i32.or (i32.shl (local.get $symbol) (i32.const 1)) (call $bit (i32.add (local.get $context) (local.get $symbol)))))
                (br $bits)))
            (i32.store8 (i32.add (local.get $end) (local.get $at)) (local.get $symbol))
            (local.set $at (i32.add (local.get $at) (i32.const 1)))
            (local.set $state
              (select (i32.const 0)
                (select (i32.sub (local.get $state) (i32.const 3)) (i32.sub (local.get $state) (i32.const 6)) (i32.lt_u (local.get $state) (i32.const 10)))
                (i32.lt_u (local.get $state) (i32.const 4))))
            (br $symbols)))
        (if (i32.eqz (call $bit (i32.add (i32.const 192) (local.get $state))))
          (then
            ;; A match at a new distance; the last four distances shift down.
            (local.set $count (call $length (i32.const 819) (local.get $pos_state)))
            (local.set $state (select (i32.const 7) (i32.const 10) (i32.lt_u (local.get $state) (i32.const 7))))
            (local.set $one (call $distance (local.get $count)))
            (br_if $done (i32.eq (local.get $one) (i32.const -1)))
            (local.set $rep3 (local.get $rep2))
            (local.set $rep2 (local.get $rep1))
            (local.set $rep1 (local.get $rep0))
            (local.set $rep0 (local.get $one)))
          (else
            ;; A match at one of the last four distances.
            (if (i32.eqz (call $bit (i32.add (i32.const 204) (local.get $state))))
              (then
                (if (i32.eqz (call $bit (i32.add (i32.add (i32.const 240) (i32.shl (local.get $state) (i32.const 4))) (local.get $pos_state))))
                  (then
                    ;; One byte at the last distance.
                    (if (i32.ge_u (local.get $rep0) (local.get $at)) (then (return (i32.const 0))))
                    (local.set $state (select (i32.const 9) (i32.const 11) (i32.lt_u (local.get $state) (i32.const 7))))
                    (i32.store8 (i32.add (local.get $end) (local.get $at))
                      (i32.load8_u (i32.sub (i32.sub (i32.add (local.get $end) (local.get $at)) (local.get $rep0)) (i32.const 1))))
                    (local.set $at (i32.add (local.get $at) (i32.const 1)))
                    (br $symbols))))
              (else
                (if (i32.eqz (call $bit (i32.add (i32.const 216) (local.get $state))))
                  (then (local.set $one (local.get $rep1)))
                  (else
                    (if (i32.eqz (call $bit (i32.add (i32.const 228) (local.get $state))))
                      (then (local.set $one (local.get $rep2)))
                      (else
                        (local.set $one (local.get $rep3))
                        (local.set $rep3 (local.get $rep2))))
                    (local.set $rep2 (local.get $rep1))))
                (local.set $rep1 (local.get $rep0))
                (local.set $rep0 (local.get $one))))
            (local.set $count (call $length (i32.const 1333) (local.get $pos_state)))
            (local.set $state (select (i32.const 8) (i32.const 11) (i32.lt_u (local.get $state) (i32.const 7))))))
        ;; Copy the match, byte by byte (it may overlap what it writes).
        (if (i32.ge_u (local.get $rep0) (local.get $at)) (then (return (i32.const 0))))
        (local.set $stop (i32.add (local.get $at) (i32.add (local.get $count) (i32.const 2))))
        (if (i32.gt_u (local.get $stop) (local.get $size)) (then (local.set $stop (local.get $size))))
        (loop $copy
          (i32.store8 (i32.add (local.get $end) (local.get $at))
            (i32.load8_u (i32.sub (i32.sub (i32.add (local.get $end) (local.get $at)) (local.get $rep0)) (i32.const 1))))
          (br_if $copy (i32.lt_u (local.tee $at (i32.add (local.get $at) (i32.const 1))) (local.get $stop))))
        (br $symbols)))
    (select (global.get $next) (i32.const 0) (i32.eq (local.get $at) (local.get $size)))))
