#!/usr/bin/env bash
# Build FerretDB v1.24.2 (the local MongoDB-wire server) into $(go env GOPATH)/bin.
#
# A plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` builds, but the
# binary panics at start: the module zip lacks the generated build/version/version.txt.
# So: download the module, copy it, write that file, and build the same command from it.
set -euo pipefail
VERSION=v1.24.2
BIN="$(go env GOPATH)/bin/ferretdb"

if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "${VERSION#v}"; then
  echo "ferretdb $VERSION already installed at $BIN"
  exit 0
fi

dir=$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "could not download github.com/FerretDB/FerretDB@$VERSION" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r "$dir/." "$work/"
chmod -R u+w "$work"
echo "$VERSION" > "$work/build/version/version.txt"
echo "FerretDB" > "$work/build/version/package.txt"
mkdir -p "$(dirname "$BIN")"
(cd "$work" && go build -trimpath -o "$BIN" ./cmd/ferretdb)
"$BIN" --version | head -n 1
echo "ferretdb $VERSION installed at $BIN"
