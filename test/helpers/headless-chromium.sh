#!/bin/sh
# $BROWSER for the real-browser login test. Loads the URL in headless Chromium, which
# follows every redirect, and writes the DOM of the page it lands on to $HOME/landed.html
# once Chromium has exited. Chromium's pid goes to $HOME/chromium.pid so the test can stop
# a browser that hangs. The background-networking flags keep it from calling home.
set -u
/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$HOME/chromium-profile" --dump-dom "$1" \
  >"$HOME/landed.tmp" 2>"$HOME/chromium.log" &
echo $! >"$HOME/chromium.pid"
wait $!
mv "$HOME/landed.tmp" "$HOME/landed.html"
