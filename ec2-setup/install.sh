#!/usr/bin/env bash
# Sets up an Amazon Linux 2023 instance as a Sitewatch web backend: the Kinesis Agent tails the order log that the
# generator writes. Run as root from this directory (or anywhere: files are found next to this script).
# Safe to run again: it converges, and restarts the services so that changed files take effect.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly here
readonly log_dir=/var/log/website
readonly app_dir=/opt/sitewatch
readonly env_file=/etc/sitewatch/loggen.env
readonly unit_file=/etc/systemd/system/sitewatch-loggen.service
readonly agent_user=aws-kinesis-agent-user

if [[ ${EUID} -ne 0 ]]; then
  echo "install.sh: run as root (sudo $0)" >&2
  exit 1
fi

echo "== packages"
dnf install -y aws-kinesis-agent java-17-amazon-corretto-headless

echo "== user and log directory"
if ! id sitewatch >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir "${app_dir}" --shell /sbin/nologin sitewatch
fi
# The agent reads through the group: sitewatch's group, of which the agent's user is a member.
usermod -a -G sitewatch "${agent_user}"
# setgid: new and rotated files keep the group; 2750 keeps everyone else out
install -d -o sitewatch -g sitewatch -m 2750 "${log_dir}"

echo "== generator"
install -d -o root -g root -m 0755 "${app_dir}" /etc/sitewatch
install -o root -g root -m 0644 "${here}/LogGenerator.java" "${app_dir}/LogGenerator.java"
if [[ ! -f ${env_file} ]]; then
  # Kept across re-runs: operators tune it in place.
  cat >"${env_file}" <<'ENV'
# Options of sitewatch-loggen.service (see ec2-setup/README.md); restart the service after a change.
LOGGEN_OPTS="--rate 2 --rotate-mb 10 --rotate-keep 5"
ENV
  chmod 0644 "${env_file}"
fi
cat >"${unit_file}" <<UNIT
[Unit]
Description=Sitewatch order log generator (the shop's web backend, simulated)
After=network-online.target
Wants=network-online.target

[Service]
User=sitewatch
Group=sitewatch
UMask=0027
EnvironmentFile=${env_file}
ExecStart=/usr/bin/java ${app_dir}/LogGenerator.java --out ${log_dir} \$LOGGEN_OPTS
Restart=on-failure
RestartSec=5
NoNewPrivileges=true
ProtectSystem=strict
ReadWritePaths=${log_dir}
PrivateTmp=true

[Install]
WantedBy=multi-user.target
UNIT
chmod 0644 "${unit_file}"

echo "== agent"
install -d -o root -g root -m 0755 /etc/aws-kinesis
install -o root -g root -m 0644 "${here}/agent.json" /etc/aws-kinesis/agent.json

echo "== services"
systemctl daemon-reload
systemctl enable sitewatch-loggen
# the agent's package may ship a SysV init script rather than a unit
systemctl enable aws-kinesis-agent || chkconfig aws-kinesis-agent on
# restart rather than start: picks up a changed agent.json, unit or generator on a second run
systemctl restart aws-kinesis-agent sitewatch-loggen
systemctl --no-pager --lines=0 status aws-kinesis-agent sitewatch-loggen || true
echo "Done. Agent log: /var/log/aws-kinesis-agent/aws-kinesis-agent.log; orders: ${log_dir}/orders.log"
