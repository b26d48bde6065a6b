import type { Topology } from '../topology/topology.model.js';

/** Host-specific paths the Kamailio config needs besides the topology. */
export interface KamailioPaths {
  /** Directory for the control socket (`kamcmd -s unix:<runDir>/kamailio_ctl`). */
  readonly runDir: string;
  /** The dispatcher list rendered by {@link renderDispatcherList}. */
  readonly dispatcherList: string;
}

/**
 * Renders the dispatcher list: one set holding every telephony server. A
 * server that does not answer OPTIONS probes is marked inactive and skipped
 * until it answers again.
 */
export function renderDispatcherList(topology: Topology): string {
  const set = topology.kamailio.dispatcherSetId;
  const rows = topology.telephonyServers.map(
    (t) => `${set} sip:${t.host}:${t.sipPort};transport=udp 0 0 name=${t.name}`,
  );
  return ['# setid destination flags priority attrs (rendered by Ringwell)', ...rows, ''].join('\n');
}

/**
 * Renders kamailio.cfg for the SIP proxy in front of the telephony servers.
 * It answers OPTIONS addressed to itself (so it can be monitored while no
 * telephony server is up), spreads new calls round-robin over the telephony
 * servers, and fails over to the next one on 5xx or timeout (timings measured
 * in shared/notes/sip-media-facts.md: 2 s for a dead server, 3 s for a hung one).
 */
export function renderKamailioConfig(topology: Topology, paths: KamailioPaths): string {
  const k = topology.kamailio;
  const set = k.dispatcherSetId;
  return `#!KAMAILIO
# Rendered by Ringwell from the cluster topology. Do not edit: re-render instead.
debug=2
log_stderror=yes
fork=yes
children=${k.children}
tcp_children=${k.children}
auto_aliases=no
listen=udp:${k.host}:${k.sipPort}
listen=tcp:${k.host}:${k.sipPort}
server_header="Server: Ringwell SIP proxy"
user_agent_header="User-Agent: Ringwell SIP proxy"

loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "ctl.so"
loadmodule "dispatcher.so"

modparam("ctl", "binrpc", "unix:${paths.runDir}/kamailio_ctl")
modparam("tm", "fr_timer", 2000)
modparam("tm", "fr_inv_timer", 3000)
modparam("dispatcher", "list_file", "${paths.dispatcherList}")
modparam("dispatcher", "ds_ping_method", "OPTIONS")
modparam("dispatcher", "ds_ping_from", "sip:proxy@${k.host}:${k.sipPort}")
modparam("dispatcher", "ds_ping_interval", 2)
modparam("dispatcher", "ds_probing_mode", 1)
modparam("dispatcher", "ds_probing_threshold", 1)
modparam("dispatcher", "ds_inactive_threshold", 1)
# Flag 2 keeps the other destinations of the set for ds_next_dst(): without it a call whose
# first server is dead gets 503 instead of the next server (found by sip-proxy.test.ts).
modparam("dispatcher", "flags", 2)
# Any answer to a probe means the server is alive, even a refusal.
modparam("dispatcher", "ds_ping_reply_codes", "class=2;class=3;class=4")

request_route {
    if (!mf_process_maxfwd_header("10")) {
        sl_send_reply("483", "Too Many Hops");
        exit;
    }
    if (!sanity_check("17895", "7")) {
        xlog("L_WARN", "malformed SIP request from $si:$sp dropped\\n");
        exit;
    }
    # Monitoring: OPTIONS to the proxy itself is answered here.
    if (is_method("OPTIONS") && uri==myself && $rU==$null) {
        sl_send_reply("200", "OK");
        exit;
    }
    if (has_totag()) {
        route(WITHINDLG);
        exit;
    }
    if (is_method("CANCEL") || is_method("ACK")) {
        if (t_check_trans()) {
            t_relay();
        }
        exit;
    }
    t_check_trans();
    remove_hf("Route");
    if (is_method("INVITE|SUBSCRIBE|REFER")) {
        record_route();
    }
    route(DISPATCH);
}

route[WITHINDLG] {
    if (loose_route()) {
        t_relay();
        exit;
    }
    if (is_method("ACK")) {
        if (t_check_trans()) {
            t_relay();
        }
        exit;
    }
    sl_send_reply("404", "Not here");
}

route[DISPATCH] {
    if (!ds_select_dst("${set}", "4")) {
        send_reply("503", "No telephony server available");
        exit;
    }
    t_on_failure("FAILOVER");
    t_on_reply("RINGING");
    if (!t_relay()) {
        sl_reply_error();
    }
    exit;
}

onreply_route[RINGING] {
    # Ringing may last: once a telephony server rings, wait up to 2 minutes.
    if (status =~ "18[0-9]") {
        t_set_fr(120000);
    }
}

failure_route[FAILOVER] {
    if (t_is_canceled()) {
        exit;
    }
    if (t_check_status("5[0-9][0-9]") || t_branch_timeout()) {
        ds_mark_dst("ip");
        if (ds_next_dst()) {
            t_on_failure("FAILOVER");
            t_relay();
            exit;
        }
        t_reply("503", "No telephony server available");
    }
}
`;
}
