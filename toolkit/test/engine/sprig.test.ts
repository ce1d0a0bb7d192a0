import { UnsupportedError } from '../../src/engine/errors';
import { renderGoTemplate } from '../../src/engine/go-template';

const data = {
  name: 'web-Server_01',
  n: 3,
  f: 2.5,
  s: '42',
  list: ['b', 'a', 'c', 'a'],
  m: { x: 1, y: 'two', z: null },
  empty: '',
  nul: null,
};

const r = (t: string): string => renderGoTemplate(t, data, { now: () => new Date('2024-07-15T12:34:56.789Z'), env: { HOME: '/home/u', N: '1' } });

describe('sprig functions', () => {
  it.each([
    // strings
    ['{{ lower "ABc" }} {{ upper "abC" }} {{ title "hello wide-world" }} {{ untitle "Hello" }}', 'abc ABC Hello Wide-World hello'],
    ['[{{ trim "  x \\t\\n" }}] {{ trimAll "$" "$$x$" }} {{ trimPrefix "ab" "abc" }} {{ trimSuffix "bc" "abc" }}', '[x] x c a'],
    ['{{ trunc 3 "abcdef" }} {{ trunc -3 "abcdef" }} {{ trunc 10 "ab" }} {{ trunc -10 "ab" }}', 'abc def ab ab'],
    ['{{ substr 1 3 "abcdef" }} {{ substr -1 2 "abcdef" }} {{ substr 2 -1 "abcdef" }} {{ substr 2 99 "abcdef" }}', 'bc ab cdef cdef'],
    ['{{ repeat 3 "ab" }} {{ "x" | repeat 2 }}', 'ababab xx'],
    ['{{ replace "-" "_" "a-b-c" }} {{ replace "" "." "ab" }}', 'a_b_c .a.b.'],
    ['{{ contains "eb" .name }} {{ hasPrefix "web" .name }} {{ hasSuffix "01" .name }}', 'true true true'],
    ['{{ quote "a" 1 nil "b\\"c" }} {{ squote "a" 2.5 }}', '"a" "1" "b\\"c" \'a\' \'2.5\''],
    ['{{ cat "a" 1 nil 2.5 }}', 'a 1 2.5'],
    ['{{ indent 2 "a\\nb" }}|{{ nindent 2 "a" }}', '  a\n  b|\n  a'],
    ['{{ camelcase "some_words" }} {{ camelcase "http_server" }} {{ camelcase "_complex__case_" }} {{ camelcase "GOLANG_IS_GREAT" }}', 'SomeWords HttpServer _Complex_Case_ GolangIsGreat'],
    ['{{ snakecase "FirstName" }} {{ snakecase "HTTPServer" }} {{ snakecase "NoHTTPS" }} {{ snakecase "GO PATH" }} {{ snakecase "HTTP20xOK" }} {{ snakecase "Bld4Floor3rd" }}', 'first_name http_server no_https go_path http_20x_ok bld4_floor_3rd'],
    ['{{ kebabcase "FirstName" }} {{ kebabcase "GO_PATH" }} {{ kebabcase "http2xx" }} {{ kebabcase "Duration2m3s" }}', 'first-name go-path http-2xx duration-2m3s'],
    ['{{ swapcase "aB" }} {{ nospace " a b " }} {{ initials "hello big world" }} {{ abbrev 5 "hello world" }}', 'Ab ab hbw he...'],
    ['{{ plural "one" "many" 1 }} {{ plural "one" "many" 2 }}', 'one many'],
    ['{{ sha1sum "a" }} {{ adler32sum "abc" }}', '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8 38600999'],
    ['{{ b64enc "héllo" }} {{ b64dec "aMOpbGxv" }} {{ b64dec "!!" }} {{ b32enc "hi" }} {{ b32dec "NBUQ====" }}', 'aMOpbGxv héllo illegal base64 data at input byte 0 NBUQ==== hi'],
    ['{{ toString 1.5 }} {{ toString .list }} {{ toString nil }}', '1.5 [b a c a] <nil>'],
    // conversions and numbers
    ['{{ atoi "42" }} {{ atoi "x" }} {{ int "0x1F" }} {{ int "3.0" }} {{ int "3.5" }} {{ int 3.9 }} {{ int true }} {{ int64 .s }} {{ float64 "2.5" }} {{ float64 "x" }}', '42 0 31 3 0 3 1 42 2.5 0'],
    // cast gives 0 whenever strconv.ParseFloat fails, out of range included.
    ['{{ float64 "1e400" }} {{ float64 "0x1p3" }} {{ float64 "1_000.5" }} {{ float64 "+nan" }}', '0 8 1000.5 0'],
    ['{{ add 1 2 3 }} {{ add1 .n }} {{ sub 5 .f }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 3 }} {{ max 1 5 3 }} {{ min 4 2 }} {{ biggest 1 9 }}', '6 4 3 24 3 1 5 2 9'],
    ['{{ addf 0.1 0.2 }} {{ subf 1 0.9 }} {{ mulf 1.1 3 }} {{ divf 1 3 }} {{ add1f 1.5 }} {{ maxf 1 2.5 }} {{ minf 1 2.5 }}', '0.3 0.1 3.3 0.3333333333333333 2.5 2.5 1'],
    ['{{ ceil 1.2 }} {{ floor 1.8 }} {{ round 3.14159 2 }} {{ round 2.5 0 }} {{ round 1.25 1 0.6 }}', '2 1 3.14 3 1.2'],
    ['{{ seq 3 }}|{{ seq 2 4 }}|{{ seq 0 2 6 }}|{{ seq 3 1 }}|{{ until 3 }}|{{ untilStep 0 10 4 }}', '1 2 3|2 3 4|0 2 4 6|3 2 1|[0 1 2]|[0 4 8]'],
    ['{{ toDecimal "777" }} {{ toDecimal "9" }}', '511 0'],
    // lists
    ['{{ list 1 "a" nil }} {{ list }} {{ first .list }} {{ last .list }} {{ rest .list }} {{ initial .list }}', '[1 a <nil>] [] b a [a c a] [b a c]'],
    ['{{ append .list "d" }} {{ prepend .list "z" }} {{ reverse .list }} {{ uniq .list }} {{ without .list "a" }}', '[b a c a d] [z b a c a] [a c a b] [b a c] [b c]'],
    ['{{ has "c" .list }} {{ has "q" .list }} {{ slice .list 1 3 }} {{ slice .list 2 }} {{ concat .list (list 1) }} {{ compact (list 0 "" "x" nil 1) }}', 'true false [a c] [c a] [b a c a 1] [x 1]'],
    ['{{ sortAlpha .list }} {{ join "," .list }} {{ splitList "," "a,b" }} {{ (split "/" "a/b")._0 }} {{ (splitn "/" 2 "a/b/c")._1 }} {{ toStrings (list 1 "a" nil) }}', '[a a b c] b,a,c,a [a b] a b/c [1 a]'],
    ['{{ chunk 3 (list 1 2 3 4 5) }}', '[[1 2 3] [4 5]]'],
    // dicts
    ['{{ $d := dict "a" 1 "b" "x" "c" }}{{ $d }} {{ get $d "a" }} [{{ get $d "q" }}] {{ hasKey $d "b" }} {{ keys $d | sortAlpha }}', 'map[a:1 b:x c:] 1 [] true [a b c]'],
    ['{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }} {{ unset $d "a" }} {{ pick .m "x" "q" }} {{ omit .m "x" }}', 'map[a:1 b:2] map[b:2] map[x:1] map[y:two z:<nil>]'],
    ['{{ pluck "a" (dict "a" 1) (dict "b" 2) (dict "a" 3) }} {{ values (dict "k" "v") }}', '[1 3] [v]'],
    ['{{ dig "x" "y" "def" (dict "x" (dict "y" 5)) }} {{ dig "x" "q" "def" (dict "x" (dict "y" 5)) }}', '5 def'],
    ['{{ merge (dict "a" 1 "n" (dict "x" 1)) (dict "a" 2 "b" 3 "n" (dict "y" 2)) }} {{ mergeOverwrite (dict "a" 1) (dict "a" 2) }}', 'map[a:1 b:3 n:map[x:1 y:2]] map[a:2]'],
    // defaults and flow
    ['{{ default "d" .missing }} {{ default "d" .empty }} {{ default "d" .nul }} {{ default "d" 0 }} {{ default "d" "v" }} {{ .missing | default "p" }}', 'd d d d v p'],
    ['{{ empty .empty }} {{ empty .list }} {{ empty (dict) }} {{ empty 0.0 }} {{ empty false }} {{ empty .m }}', 'true false true true true false'],
    ['{{ coalesce .nul "" "first" "second" }} {{ all 1 "a" }} {{ all 1 "" }} {{ any 0 "" "x" }} {{ any 0 "" }}', 'first true false true false'],
    ['{{ ternary "yes" "no" true }} {{ ternary "yes" "no" false }} {{ true | ternary "y" "n" }}', 'yes no y'],
    // JSON
    ['{{ toJson .m }} {{ toJson .list }} {{ toJson 1e21 }} {{ toJson "<&>" }} {{ toRawJson "<&>" }}', '{"x":1,"y":"two","z":null} ["b","a","c","a"] 1e+21 "\\u003c\\u0026\\u003e" "<&>"'],
    ['{{ toPrettyJson (dict "a" (list 1 2) "b" (dict)) }}', '{\n  "a": [\n    1,\n    2\n  ],\n  "b": {}\n}'],
    ['{{ (fromJson "{\\"a\\":[1,2]}").a }} {{ fromJson "nope" }}', '[1 2] <no value>'],
    ['{{ toJson (add 1 2) }} {{ toJson 2.0 }}', '3 2'],
    // reflection
    ['{{ typeOf 1 }} {{ typeOf "s" }} {{ typeOf .list }} {{ typeOf .m }} {{ typeOf (add 1 1) }} {{ kindOf .list }} {{ kindOf .m }} {{ kindIs "string" "x" }} {{ typeIs "float64" 1.5 }}', 'int string []interface {} map[string]interface {} int64 slice map true true'],
    ['{{ deepEqual (list 1 (dict "a" 1)) (list 1 (dict "a" 1)) }} {{ deepEqual 1 "1" }}', 'true false'],
    // regexps (Go RE2 syntax)
    ['{{ regexMatch "^[a-z]+-" .name }} {{ regexMatch "(" "x" }} {{ regexFind "[0-9]+" .name }} {{ regexFindAll "[a-c]" "abcabc" 2 }} {{ regexFindAll "q" "abc" -1 }}', 'true false 01 [a b] []'],
    ['{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }} {{ regexReplaceAll "(?P<w>o)" "foo" "[$w]" }} {{ regexReplaceAllLiteral "a" "aa" "$1" }}', '-W-xxW- --- f[o][o] $1$1'],
    ['{{ regexSplit "," "a,b,c" -1 }} {{ regexSplit "," "a,b,c" 2 }} {{ regexQuoteMeta "a.b*c" }}', '[a b c] [a b,c] a\\.b\\*c'],
    // paths
    ['{{ base "/a/b.txt" }} {{ dir "/a/b.txt" }} {{ ext "/a/b.txt" }} {{ clean "/a/../b/./c/" }} {{ isAbs "/a" }} {{ base "" }} {{ dir "x" }}', 'b.txt /a .txt /b/c true . .'],
    // dates and environment
    ['{{ now | date "2006-01-02 15:04:05.000 MST Mon Jan _2 3PM -0700 Z07:00" }}', '2024-07-15 12:34:56.789 UTC Mon Jul 15 12PM +0000 Z'],
    ['{{ date "02/01/06" 86400 }} {{ htmlDate 0 }} {{ dateInZone "15:04 MST" 0 "UTC" }} {{ dateInZone "15:04" 0 "Nowhere/Zone" }}', '02/01/70 1970-01-01 00:00 UTC 00:00'],
    ['{{ dateInZone "2006-01-02T15:04:05-07:00" 1721046896 "America/New_York" }}', '2024-07-15T08:34:56-04:00'],
    ['{{ now | unixEpoch }} {{ (now | dateModify "-1h") | date "15:04" }} {{ now.Unix }} {{ now.Year }} {{ (now.UTC).Format "Jan 2" }}', '1721046896 11:34 1721046896 2024 Jul 15'],
    ['{{ duration "95" }} {{ duration 95 }} {{ durationRound "2h10m" }} {{ durationRound "90s" }} {{ now | ago }}', '1m35s 0s 2h 1m 0s'],
    ['{{ now }}', '2024-07-15 12:34:56.789 +0000 UTC'],
    ['{{ env "HOME" }}|{{ env "NOPE" }}|{{ expandenv "$HOME/x ${N}" }}', '/home/u||/home/u/x 1'],
    ['{{ hello }}', 'Hello!'],
  ])('%p', (t, want) => {
    expect(r(t)).toBe(want);
  });

  it.each([
    ['{{ fail "boom" }}', 'error calling fail: boom'],
    ['{{ first .n }}', 'error calling first: Cannot find first on type float64'],
    ['{{ first .nul }}', 'error calling first: runtime error: invalid memory address or nil pointer dereference'],
    ['{{ slice "abc" 1 }}', 'error calling slice: list should be type of slice or array but string'],
    ['{{ regexFind "(" "x" }}', 'error calling regexFind: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`'],
    ['{{ mustRegexMatch "(" "x" }}', 'error calling mustRegexMatch: error parsing regexp: missing closing ): `(`'],
    ['{{ mustToJson (divf 1 0) }}', 'error calling divf: decimal division by 0'],
    ['{{ div 1 0 }}', 'error calling div: runtime error: integer divide by zero'],
    ['{{ mustFromJson "{" }}', 'error calling mustFromJson'],
    ['{{ repeat -1 "x" }}', 'error calling repeat: strings: negative Repeat count'],
    ['{{ substr 2 1 "abc" }}', 'error calling substr: runtime error: slice bounds out of range'],
    ['{{ set nil "a" 1 }}', 'error calling set: assignment to entry in nil map'],
    ['{{ dig "a" "b" "d" (dict "a" 1) }}', 'error calling dig: interface conversion: interface {} is int, not map[string]interface {}'],
    ['{{ hasKey .list "a" }}', 'wrong type for value; expected map[string]interface {}; got []interface {}'],
    ['{{ unixEpoch 5 }}', "can't handle 5 for arg of type time.Time"],
    ['{{ unixEpoch .n }}', 'wrong type for value; expected time.Time; got float64'],
  ])('%p fails', (t, message) => {
    expect(() => r(t)).toThrow(message);
  });

  it.each(['bcrypt', 'genCA', 'semverCompare', 'urlParse', 'toDate', 'wrap', 'getHostByName'])('%s parses but is unsupported', (name) => {
    expect(() => r(`{{ ${name} "x" }}`)).toThrow(UnsupportedError);
  });

  it('draws random values of the requested shape', () => {
    expect(r('{{ randAlphaNum 12 }}')).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(r('{{ randNumeric 5 }}')).toMatch(/^[0-9]{5}$/);
    expect(r('{{ uuidv4 }}')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Buffer.from(r('{{ randBytes 9 }}'), 'base64')).toHaveLength(9);
    const n = Number(r('{{ randInt 5 7 }}'));
    expect(n === 5 || n === 6).toBe(true);
    expect([...r('{{ shuffle "abcd" }}')].sort().join('')).toBe('abcd');
  });
});

describe('toJson family', () => {
  it('reports what json.Marshal rejects as the function error, or prints nothing', () => {
    expect(() => renderGoTemplate('{{ mustToJson .x }}', { x: NaN })).toThrow('error calling mustToJson: json: unsupported value: NaN');
    expect(() => renderGoTemplate('{{ mustToPrettyJson .x }}', { x: [Infinity] })).toThrow('json: unsupported value: +Inf');
    expect(renderGoTemplate('{{ toJson .x }}|{{ toRawJson .x }}', { x: NaN })).toBe('|');
  });
});
