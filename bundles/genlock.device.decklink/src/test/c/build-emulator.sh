#!/bin/sh
# Builds the DeckLink driver emulator (test-only) with the system C compiler.
# Usage: build-emulator.sh <decklink_emulator.c> <output .so>
set -e
src="$1"; out="$2"
cc_bin="${CC:-cc}"
if ! command -v "$cc_bin" >/dev/null 2>&1; then
  echo "build-emulator.sh: no C compiler ($cc_bin); install build-essential (Debian: apt-get install -y build-essential libssl-dev)" >&2
  exit 1
fi
mkdir -p "$(dirname "$out")"
# rebuild only when the source changed
if [ -f "$out" ] && [ "$out" -nt "$src" ]; then exit 0; fi
"$cc_bin" -std=c11 -O2 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -o "$out.tmp" "$src" -lcrypto -lpthread
mv "$out.tmp" "$out"
echo "build-emulator.sh: built $out"
