#!/usr/bin/env bash
# One-step set-up for a fresh Debian 12 machine (run as root): installs the Debian packages that are
# missing, configures and builds Bindery with CMake, then either compiles manuscript/ into out/
# (`build`) or runs the whole test suite through CTest (`test`), in the release build and again
# under the sanitizers (the asan-ubsan preset).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-build}
case "$mode" in build|test) ;; *) echo "usage: $0 build|test" >&2; exit 2 ;; esac

# Everything Bindery needs to build, test and validate its outputs, from Debian 12's archive.
packages=(
  g++ cmake make pkg-config git
  libcmark-dev libzip-dev zlib1g-dev libdeflate-dev libpugixml-dev libpodofo-dev libmimalloc-dev libcli11-dev catch2 libyaml-cpp-dev
  libhyphen-dev hyphen-en-gb hyphen-en-us
  fonts-noto-core fonts-dejavu-core
  default-jre-headless epubcheck
  qpdf poppler-utils unzip
  chromium
  dpkg-dev  # dpkg-shlibdeps: the Depends of the .deb that CPack makes (tests/e2e/test_install.cpp)
)
# Ace by DAISY (the EPUB accessibility checker the tests run, below) needs Node.js and npm: Debian's
# nodejs and npm only where the machine has none (Ace asks for Node.js 20; it also runs on Debian 12's 18).
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Ace by DAISY, at the version pinned in scripts/ace/ (package.json and its lock file), into
# build/tools/ace, without puppeteer's own browser download (the tests point it at Debian's chromium).
ace_dir=build/tools/ace
if ! cmp -s scripts/ace/package-lock.json "$ace_dir/package-lock.json" ||
   [ ! -f "$ace_dir/node_modules/@daisy/ace-cli/package.json" ]; then
  echo "setup: installing Ace by DAISY into $ace_dir"
  rm -rf "$ace_dir"
  mkdir -p "$ace_dir"
  cp scripts/ace/package.json scripts/ace/package-lock.json "$ace_dir/"
  PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 \
    npm ci --prefix "$ace_dir" --ignore-scripts --no-audit --no-fund
fi

cmake --preset release
cmake --build --preset release -j "$(nproc)"

if [ "$mode" = build ]; then
  ./build/release/bindery build manuscript -o out
else
  ctest --preset release
  # The same suite again under AddressSanitizer, UndefinedBehaviorSanitizer and LeakSanitizer.
  cmake --preset asan-ubsan
  cmake --build --preset asan-ubsan -j "$(nproc)"
  ctest --preset asan-ubsan
fi
