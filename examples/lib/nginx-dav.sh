# A WebDAV cache on loopback for the remote tier's tests and benchmarks: Debian's nginx serving
# a directory with GET and PUT (create_full_put_path), the Bazel HTTP cache protocol's subset that
# ibridge uses. Sourced by examples/cargo-fixture/remote-e2e.sh and benchmarks/remote/bench.sh.
#
#   free_port                 prints a free loopback TCP port
#   wait_port PORT NAME       waits up to 10 s for 127.0.0.1:PORT to accept, else fails naming NAME
#   nginx_dav_start DIR PORT  serves DIR/nginx/dav on 127.0.0.1:PORT in the background and sets
#                             nginx_pid; DIR/nginx/logs/bytes.log gets each request's bytes in and
#                             out, and DIR/nginx/logs/error.log nginx's errors
#   nginx_dav_stop            stops it (safe to call twice)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_port() {
  for _ in $(seq 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1',$1),0.2)" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$2 did not start on port $1" >&2
  return 1
}

nginx_pid=""
nginx_dav_start() {
  local dir=$1 port=$2
  mkdir -p "$dir/nginx/dav" "$dir/nginx/logs" "$dir/nginx/body"
  # nginx started as root runs its workers as an unprivileged user, which must write the cache.
  chmod 755 "$dir"
  chmod 777 "$dir/nginx/dav" "$dir/nginx/body"
  cat > "$dir/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/logs/error.log;
events { worker_connections 256; }
http {
  log_format bytes '\$request_length \$bytes_sent';
  access_log $dir/nginx/logs/bytes.log bytes;
  client_body_temp_path $dir/nginx/body;
  client_max_body_size 1g;
  server {
    listen 127.0.0.1:$port;
    root $dir/nginx/dav;
    location / { dav_methods PUT; create_full_put_path on; }
  }
}
CONF
  nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/logs/error.log" &
  nginx_pid=$!
  wait_port "$port" nginx || { cat "$dir/nginx/logs/error.log" >&2; return 1; }
}

nginx_dav_stop() {
  if [ -n "$nginx_pid" ]; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
  fi
}
