package dev.spectra.orchestrator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcTableTest {
  @Test
  void parsesStatWithParenthesesAndSpacesInTheCommand() {
    String stat = "4242 (my (odd) cmd) S 4200 4242 4242 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 87759 3133440 408 1844";
    ProcTable.Proc p = ProcTable.parseStat(stat);
    assertThat(p).isEqualTo(new ProcTable.Proc(4242, 4200, 4242, 4242, 'S', 87759));
    assertThat(ProcTable.parseStat("4243 (zombie) Z 1 4242 4242 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 9 0 0 0").zombie()).isTrue();
    assertThat(ProcTable.parseStat("garbage")).isNull();
  }

  @Test
  void findsNonLoopbackListenersOnly() {
    String any4 = "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1662 1 0 100 0 0 10 0";
    String lo4 = "   1: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1663 1 0 100 0 0 10 0";
    String lan4 = "   2: 0A00A8C0:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1664 1 0 100 0 0 10 0";
    String established = "   3: 00000000:1F92 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 1665 1 0 100 0 0 10 0";
    String any6 = "   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1770 1 0 100 0 0 10 0";
    String lo6 = "   1: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1771 1 0 100 0 0 10 0";
    String mapped6 = "   2: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1772 1 0 100 0 0 10 0";

    assertThat(ProcTable.parseListener(any4)).isEqualTo(new ProcTable.Listener(1662, "0.0.0.0:8080"));
    assertThat(ProcTable.parseListener(lo4)).isNull();
    assertThat(ProcTable.parseListener(lan4)).isEqualTo(new ProcTable.Listener(1664, "192.168.0.10:80"));
    assertThat(ProcTable.parseListener(established)).isNull();
    assertThat(ProcTable.parseListener(any6)).isEqualTo(new ProcTable.Listener(1770, "[0:0:0:0:0:0:0:0]:8080"));
    assertThat(ProcTable.parseListener(lo6)).isNull();
    assertThat(ProcTable.parseListener(mapped6)).isNull();
    assertThat(ProcTable.parseListener("  sl  local_address rem_address   st tx_queue")).isNull();
  }
}
