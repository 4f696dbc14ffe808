# Sourced by the bench scripts: `timed CMD...` runs CMD after a sync and a 4 s pause (so each
# timed process starts on an idle machine) and prints "wall s | CPU s | peak RSS MiB" for a
# Markdown row. Needs /usr/bin/time (Debian package `time`, installed when missing) and $work.
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
timed() {
  sync; sleep 4
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null
  read -r wall user sys rss < <(tail -1 "$work/time.txt")
  printf '%.2f | %.1f | %d' "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}
