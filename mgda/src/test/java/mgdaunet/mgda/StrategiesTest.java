package mgdaunet.mgda;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategiesTest {
    static final List<String> TASKS = List.of("seg", "left", "right");

    static String error(String spec, StrategyOptions options) {
        var e = assertThrows(IllegalArgumentException.class, () -> Strategies.parse(spec, options, TASKS));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void everyListedNameParsesToAStrategyOfThatName() {
        StrategyOptions o = StrategyOptions.defaults().withFixedWeights(Map.of("seg", 1.0, "left", 0.5, "right", 0.5));
        for (String name : Strategies.names()) {
            if (name.equals("single:<task>")) continue;
            assertEquals(name, Strategies.parse(name, o, TASKS).name());
        }
        assertEquals("single:left", Strategies.parse("single:left", o, TASKS).name());
        assertEquals("mgda-ub", Strategies.parse(" MGDA-UB ", o, TASKS).name());
        assertEquals("left", Strategies.singleTask(" Single: left "));
        assertEquals("single:left", Strategies.parse(" Single: left ", o, TASKS).name());
        assertNull(Strategies.singleTask("mgda-ub"));
        assertNull(Strategies.singleTask(null));
    }

    @Test
    void theHeadUpdateOptionReachesMgdaAndMgdaUbAndParsesByName() {
        StrategyOptions own = StrategyOptions.defaults().withHeadUpdate(HeadUpdate.parse(" OWN "));
        assertEquals(HeadUpdate.SCALED, StrategyOptions.defaults().headUpdate());
        assertTrue(Strategies.parse("mgda-ub", own, TASKS).toString().contains("heads own"));
        assertTrue(Strategies.parse("mgda", own, TASKS).toString().contains("heads own"));
        assertTrue(Strategies.parse("mgda-ub", StrategyOptions.defaults(), TASKS).toString().contains("heads scaled"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadUpdate.parse("mine"));
        assertEquals("unknown head update 'mine': choose one of scaled, own", e.getMessage());
    }

    @Test
    void badNamesGiveOneLineNamingTheValidChoices() {
        String m = error("mgda-bu", StrategyOptions.defaults());
        assertTrue(m.contains("unknown strategy 'mgda-bu'") && m.contains("mgda-ub") && m.contains("single:<task>"), m);
        m = error("single:middle", StrategyOptions.defaults());
        assertTrue(m.contains("unknown task 'middle'") && m.contains("single:seg, single:left, single:right"), m);
        m = error("single:", StrategyOptions.defaults());
        assertTrue(m.contains("unknown task ''"), m);
    }

    @Test
    void fixedWeightsMustCoverEveryTaskAndBeNonNegative() {
        String m = error("fixed", StrategyOptions.defaults().withFixedWeights(Map.of("seg", 1.0, "left", 1.0)));
        assertTrue(m.contains("no weight for task 'right'") && m.contains("seg, left, right"), m);
        m = error("fixed", StrategyOptions.defaults().withFixedWeights(Map.of("seg", 1.0, "left", -1.0, "right", 1.0)));
        assertTrue(m.contains("weight of task 'left' is -1.0") && m.contains(">= 0"), m);
        m = error("fixed", StrategyOptions.defaults().withFixedWeights(Map.of("seg", 1.0, "left", Double.NaN, "right", 1.0)));
        assertTrue(m.contains("'left' is NaN"), m);
        m = error("fixed", StrategyOptions.defaults().withFixedWeights(Map.of("seg", 1.0, "left", 1.0, "right", 1.0, "middle", 2.0)));
        assertTrue(m.contains("unknown task(s) middle") && m.contains("seg, left, right"), m);
        m = error("fixed", StrategyOptions.defaults().withFixedWeights(Map.of("seg", 0.0, "left", 0.0, "right", 0.0)));
        assertTrue(m.contains("every weight is 0"), m);
    }
}
