#!/bin/sh
# Refresh the vendored YASGUI (the query page's editor and results view) from the npm registry.
#
#   server/treaty_kg/web/static/vendor/refresh.sh            # the latest @zazuko/yasgui
#   server/treaty_kg/web/static/vendor/refresh.sh 4.6.2      # a given version
#
# Only the built, minified bundle is kept (yasgui.min.js with YASQE and YASR inside, yasgui.min.css),
# never node_modules: the page is served by the endpoint itself, with no CDN, and works offline.
# The bundle carries its dependencies, so their licences are collected into THIRD-PARTY-LICENSES.txt
# from the packages npm installed. YASGUI's own LICENSE (MIT) is not in the npm package; the copy
# here comes from https://github.com/rdfjs/Yasgui (commit 40555f4) and the script stops if the
# package's declared licence ever stops being MIT. Needs node and npm; run it from anywhere.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
target="$here/yasgui"
version=${1:-$(npm view @zazuko/yasgui version)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --omit=dev --ignore-scripts "@zazuko/yasgui@$version" >/dev/null
package="node_modules/@zazuko/yasgui"
licence=$(node -p "require('./$package/package.json').license")
if [ "$licence" != "MIT" ]; then
    echo "refresh.sh: @zazuko/yasgui@$version declares licence '$licence', not MIT: check it before vendoring" >&2
    exit 1
fi

mkdir -p "$target"
# The source map is not vendored, so its comment goes too (else a browser's tools ask for a missing file).
sed '/^\/\/# sourceMappingURL=/d' "$package/build/yasgui.min.js" > "$target/yasgui.min.js"
cp "$package/build/yasgui.min.css" "$target/yasgui.min.css"

node - "$version" > "$target/THIRD-PARTY-LICENSES.txt" <<'JS'
// Every package npm installed for @zazuko/yasgui (the bundle includes them): name, version,
// declared licence and the text of its licence file when it ships one.
const fs = require("fs"), path = require("path");
const seen = [];
function walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (name.startsWith("@")) { walk(full); continue; }
    const manifest = path.join(full, "package.json");
    if (fs.existsSync(manifest)) seen.push(full);
    walk(path.join(full, "node_modules"));
  }
}
walk("node_modules");
console.log(`Third-party software inside yasgui.min.js and yasgui.min.css (@zazuko/yasgui ${process.argv[2]}),`);
console.log("as installed by npm; written by refresh.sh.\n");
for (const dir of seen) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const licence = typeof pkg.license === "string" ? pkg.license : JSON.stringify(pkg.license || pkg.licenses || "unstated");
  console.log("=".repeat(78));
  console.log(`${pkg.name} ${pkg.version} — ${licence}`);
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  console.log(file ? "\n" + fs.readFileSync(path.join(dir, file), "utf8").trim() + "\n" : "(no licence file in the package)\n");
}
JS

sums=$(cd "$target" && sha256sum yasgui.min.js yasgui.min.css)
printf '@zazuko/yasgui %s (npm), refreshed %s by refresh.sh\n%s\n' "$version" "$(date -u +%Y-%m-%d)" "$sums" > "$target/VERSION"
echo "vendored @zazuko/yasgui $version into $target"
