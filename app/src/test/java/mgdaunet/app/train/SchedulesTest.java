package mgdaunet.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import mgdaunet.app.UserInputException;
import mgdaunet.nn.optim.LearningRateSchedule;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    @Test
    void namesGiveThePyTorchSchedules() {
        assertEquals(new LearningRateSchedule.Constant(0.1), Schedules.parse("constant", 0.1, 5));
        assertEquals(new LearningRateSchedule.Step(0.1, 10, 0.85), Schedules.parse("step", 0.1, 5), "Sener and Koltun's");
        assertEquals(new LearningRateSchedule.Step(0.1, 3, 0.5), Schedules.parse("step:3:0.5", 0.1, 5));
        assertEquals(new LearningRateSchedule.Exponential(0.1, 0.9), Schedules.parse("Exponential:0.9", 0.1, 5));
        assertEquals(new LearningRateSchedule.Cosine(0.1, 5, 0, 0), Schedules.parse("cosine", 0.1, 5));
        assertEquals(new LearningRateSchedule.Cosine(0.1, 5, 0, 2), Schedules.parse("cosine:2", 0.1, 5));
        assertEquals(0.1 * 0.5, Schedules.parse("step:3:0.5", 0.1, 5).at(3), 1e-15);
    }

    @Test
    void badSpecsNameTheFlagAndWhatIsWrong() {
        assertMessage("linear", "unknown --schedule 'linear'; schedules: constant, step[:S:G], exponential:G, cosine[:W]");
        assertMessage("constant:3", "--schedule 'constant:3': 'constant' takes no values");
        assertMessage("step:3", "--schedule 'step:3': 'step' takes 2 values");
        assertMessage("step:x:0.5", "--schedule 'step:x:0.5': 'x' is not a whole number");
        assertMessage("exponential:fast", "--schedule 'exponential:fast': 'fast' is not a number");
        assertMessage("step:0:0.5", "--schedule 'step:0:0.5': step schedule: step size must be at least 1");
        assertMessage("exponential:-1", "--schedule 'exponential:-1': exponential schedule: gamma must be positive");
        assertMessage("cosine:5", "--schedule 'cosine:5': 5 warm-up epochs leave nothing of a run of 5");
    }

    private static void assertMessage(String spec, String start) {
        var e = assertThrows(UserInputException.class, () -> Schedules.parse(spec, 0.1, 5));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
