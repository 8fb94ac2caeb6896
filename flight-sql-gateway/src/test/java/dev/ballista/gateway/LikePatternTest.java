package dev.ballista.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LikePatternTest {
  @Test
  void percentMatchesAnyRunAndUnderscoreOneCharacter() {
    assertTrue(LikePattern.compile("%").matches(""));
    assertTrue(LikePattern.compile("line%").matches("lineitem"));
    assertTrue(LikePattern.compile("%item").matches("lineitem"));
    assertTrue(LikePattern.compile("t_ch").matches("tpch"));
    assertFalse(LikePattern.compile("t_ch").matches("tch"));
    assertFalse(LikePattern.compile("line").matches("lineitem"));
  }

  @Test
  void theEscapeMakesWildcardsLiteral() {
    assertTrue(LikePattern.compile("a\\_b").matches("a_b"));
    assertFalse(LikePattern.compile("a\\_b").matches("aXb"));
    assertTrue(LikePattern.compile("100\\%").matches("100%"));
    assertFalse(LikePattern.compile("100\\%").matches("1000"));
    assertTrue(LikePattern.compile("a\\\\b").matches("a\\b"));
  }

  @Test
  void regexCharactersAreLiteral() {
    assertTrue(LikePattern.compile("a.b(c)*").matches("a.b(c)*"));
    assertFalse(LikePattern.compile("a.b").matches("axb"));
    assertTrue(LikePattern.compile("trailing\\").matches("trailing\\"));
  }
}
