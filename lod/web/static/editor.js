// The query editor: SPARQL highlighted as it is typed, Ctrl+Enter to run, the prefixes it uses declared on request.
// Without this script the page is a plain form that works the same.
(function () {
  "use strict";
  const KEYWORDS = new Set(("select construct describe ask where from named prefix base distinct reduced as " +
    "optional union minus filter bind values graph service silent group by order having limit offset asc desc " +
    "not in exists a true false undef count sum min max avg sample group_concat separator str lang langmatches " +
    "datatype bound iri uri bnode rand abs ceil floor round concat strlen ucase lcase encode_for_uri contains " +
    "strstarts strends strbefore strafter year month day hours minutes seconds timezone tz now uuid struuid md5 " +
    "sha1 sha256 sha384 sha512 coalesce if strlang strdt sameterm isiri isuri isblank isliteral isnumeric regex " +
    "substr replace").split(" "));
  const TOKEN = new RegExp([
    "(#[^\\n]*)",                                   // 1 comment
    "(\"\"\"[\\s\\S]*?\"\"\"|'''[\\s\\S]*?'''|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*')", // 2 string
    "(<[^<>\"{}|^`\\\\\\s]*>)",                     // 3 IRI
    "([?$][A-Za-z_0-9\\u00C0-\\uFFFF]+)",           // 4 variable
    "([A-Za-z][\\w.-]*)?:([\\w.-]*)",               // 5, 6 prefixed name
    "(\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)",          // 7 number
    "([A-Za-z_]+)",                                 // 8 word
  ].join("|"), "g");

  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function highlight(text) {
    let html = "", last = 0, match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      if (match[0] === "") { TOKEN.lastIndex++; continue; }
      html += escape(text.slice(last, match.index));
      let kind = "";
      if (match[1]) kind = "comment";
      else if (match[2]) kind = "string";
      else if (match[3]) kind = "iri";
      else if (match[4]) kind = "variable";
      else if (match[0].includes(":")) kind = "pname";
      else if (match[7]) kind = "number";
      else if (match[8] && KEYWORDS.has(match[8].toLowerCase())) kind = "keyword";
      html += kind ? '<span class="sq-' + kind + '">' + escape(match[0]) + "</span>" : escape(match[0]);
      last = TOKEN.lastIndex;
    }
    return html + escape(text.slice(last)) + "\n";
  }

  function prefixesUsed(text) {
    const declared = new Set();
    text.replace(/prefix\s+([A-Za-z][\w.-]*)?:/gi, function (_, p) { declared.add(p || ""); return ""; });
    const used = new Set();
    const stripped = text.replace(/<[^>]*>|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|#[^\n]*/g, " ");
    stripped.replace(/(?:^|[^\w?$<:])([A-Za-z][\w-]*):(?=[\w]|\s)/g, function (_, p) { used.add(p); return ""; });
    return Array.from(used).filter(function (p) { return !declared.has(p); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const area = document.getElementById("query");
    const shown = document.querySelector(".editor pre.highlight code");
    if (!area || !shown) return;
    const editor = area.parentElement;
    editor.classList.add("highlighting");
    const known = {};
    document.querySelectorAll(".prefix-list dt").forEach(function (dt) {
      known[dt.textContent.replace(/:$/, "")] = dt.nextElementSibling.textContent;
    });
    function refresh() {
      shown.innerHTML = highlight(area.value);
      shown.parentElement.scrollTop = area.scrollTop;
      shown.parentElement.scrollLeft = area.scrollLeft;
    }
    area.addEventListener("input", refresh);
    area.addEventListener("scroll", refresh);
    area.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        area.form.requestSubmit();
      }
    });
    const add = document.querySelector("button.add-prefixes");
    if (add) {
      add.hidden = false;
      add.addEventListener("click", function () {
        const missing = prefixesUsed(area.value).filter(function (p) { return known[p]; });
        const lines = missing.map(function (p) { return "PREFIX " + p + ": <" + known[p] + ">"; });
        if (lines.length) area.value = lines.join("\n") + "\n" + area.value;
        refresh();
        area.focus();
      });
    }
    refresh();
  });
})();
