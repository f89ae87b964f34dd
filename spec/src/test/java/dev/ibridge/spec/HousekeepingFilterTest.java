package dev.ibridge.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The browser test ignores only Chromium's own service traffic, never a page's fetch. */
class HousekeepingFilterTest {
  @Test
  void onlyChromiumsOwnServicesAreIgnored() {
    assertThat(RenderedSpecBrowserTest.isChromiumHousekeeping("GET http://clients2.google.com/time/1/current?x HTTP/1.1")).isTrue();
    assertThat(RenderedSpecBrowserTest.isChromiumHousekeeping("CONNECT update.googleapis.com:443 HTTP/1.1")).isTrue();
    assertThat(RenderedSpecBrowserTest.isChromiumHousekeeping("CONNECT accounts.google.com:443 HTTP/1.1")).isTrue();
    assertThat(RenderedSpecBrowserTest.isChromiumHousekeeping("CONNECT fonts.googleapis.com:443 HTTP/1.1")).isFalse();
    assertThat(RenderedSpecBrowserTest.isChromiumHousekeeping("GET http://cdnjs.cloudflare.com/x.css HTTP/1.1")).isFalse();
    assertThat(RenderedSpecBrowserTest.isChromiumHousekeeping("CONNECT evil.update.googleapis.com.example:443 HTTP/1.1")).isFalse();
  }
}
