package org.genlock.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

class ValueCheckerTest {

    static ValueChecker.Attribute attr(int type) {
        return attr(type, 0, null, v -> null);
    }

    static ValueChecker.Attribute attr(int type, int cardinality, String[] options, UnaryOperator<String> validate) {
        return new ValueChecker.Attribute("key", type, cardinality, options, validate);
    }

    static void ok(ValueChecker.Attribute a, Object value) {
        assertNull(ValueChecker.check(a, value), () -> "expected " + value + " to pass");
    }

    /** Fails unless the value is rejected with a message containing every fragment. */
    static String bad(ValueChecker.Attribute a, Object value, String... fragments) {
        String problem = ValueChecker.check(a, value);
        assertNotNull(problem, () -> "expected " + value + " to be rejected");
        for (String f : fragments) {
            assertTrue(problem.contains(f), () -> "message '" + problem + "' should contain '" + f + "'");
        }
        return problem;
    }

    @Nested
    class Types {

        @Test
        void integer() {
            ValueChecker.Attribute a = attr(AttributeDefinition.INTEGER);
            ok(a, 42);
            ok(a, "42");
            ok(a, " -7 ");
            ok(a, 42L); // a Long holding an int-sized value is convertible
            bad(a, "abc", "'abc'", "an integer", "-2147483648", "2147483647");
            bad(a, "2147483648", "'2147483648'", "an integer");
            bad(a, 1.5, "'1.5'", "an integer");
            bad(a, 5_000_000_000L, "'5000000000'");
            bad(a, "", "''");
        }

        @Test
        void longType() {
            ValueChecker.Attribute a = attr(AttributeDefinition.LONG);
            ok(a, 5_000_000_000L);
            ok(a, 7);
            ok(a, "5000000000");
            bad(a, "5x", "'5x'", "a long integer");
            bad(a, "9223372036854775808", "'9223372036854775808'", "a long integer");
            bad(a, 2.5, "'2.5'");
        }

        @Test
        void shortType() {
            ValueChecker.Attribute a = attr(AttributeDefinition.SHORT);
            ok(a, (short) 3);
            ok(a, "-32768");
            ok(a, 100); // an Integer in range
            bad(a, "32768", "'32768'", "-32768", "32767");
            bad(a, 40_000, "'40000'", "32767");
            bad(a, "one", "'one'");
        }

        @Test
        void byteType() {
            ValueChecker.Attribute a = attr(AttributeDefinition.BYTE);
            ok(a, (byte) 1);
            ok(a, "127");
            ok(a, "-128");
            bad(a, "128", "'128'", "-128", "127");
            bad(a, 300, "'300'", "127");
        }

        @Test
        void doubleType() {
            ValueChecker.Attribute a = attr(AttributeDefinition.DOUBLE);
            ok(a, 1.5);
            ok(a, 3);
            ok(a, "2.25");
            ok(a, "-1e3");
            bad(a, "abc", "'abc'", "a number");
            bad(a, "NaN", "'NaN'", "finite");
            bad(a, "Infinity", "'Infinity'", "finite");
            bad(a, "1,5", "'1,5'", "a number");
        }

        @Test
        void floatType() {
            ValueChecker.Attribute a = attr(AttributeDefinition.FLOAT);
            ok(a, 1.5f);
            ok(a, "0.75");
            bad(a, "fast", "'fast'", "a number");
            bad(a, "-Infinity", "'-Infinity'", "finite");
            bad(a, "1e39", "'1e39'"); // overflows a float
        }

        @Test
        void booleanType() {
            ValueChecker.Attribute a = attr(AttributeDefinition.BOOLEAN);
            ok(a, true);
            ok(a, Boolean.FALSE);
            ok(a, "true");
            ok(a, "FALSE");
            ok(a, " True ");
            bad(a, "yes", "'yes'", "boolean", "true, false");
            bad(a, 1, "'1'", "boolean");
        }

        @Test
        void characterType() {
            ValueChecker.Attribute a = attr(AttributeDefinition.CHARACTER);
            ok(a, 'x');
            ok(a, "y");
            bad(a, "xy", "'xy'", "single character");
            bad(a, "", "''", "single character");
        }

        @Test
        void stringTakesAnything() {
            ValueChecker.Attribute a = attr(AttributeDefinition.STRING);
            ok(a, "anything at all");
            ok(a, "");
            ok(a, 12);
        }

        @Test
        void typeNamesNameTheRange() {
            assertTrue(ValueChecker.typeName(AttributeDefinition.INTEGER).contains("2147483647"));
            assertTrue(ValueChecker.typeName(AttributeDefinition.SHORT).contains("32767"));
            assertTrue(ValueChecker.typeName(AttributeDefinition.BYTE).contains("127"));
            assertEquals("a long integer", ValueChecker.typeName(AttributeDefinition.LONG));
            assertEquals("a number", ValueChecker.typeName(AttributeDefinition.DOUBLE));
            assertEquals("a number", ValueChecker.typeName(AttributeDefinition.FLOAT));
        }
    }

    @Nested
    class Cardinality {

        @Test
        void singleValueAttributeRefusesSeveral() {
            ValueChecker.Attribute a = attr(AttributeDefinition.STRING, 0, null, v -> null);
            ok(a, "one");
            ok(a, new String[] {"one"});
            bad(a, new String[] {"one", "two"}, "single value", "2");
            bad(a, List.of("one", "two", "three"), "single value", "3");
        }

        @Test
        void arrayLimitedByPositiveCardinality() {
            ValueChecker.Attribute a = attr(AttributeDefinition.INTEGER, 2, null, v -> null);
            ok(a, new int[] {1, 2});
            ok(a, new Integer[] {1});
            ok(a, new String[] {"1", "2"});
            bad(a, new int[] {1, 2, 3}, "at most 2", "got 3");
        }

        @Test
        void collectionLimitedByNegativeCardinality() {
            ValueChecker.Attribute a = attr(AttributeDefinition.INTEGER, -2, null, v -> null);
            ok(a, new Vector<>(List.of(1, 2)));
            ok(a, List.of("3"));
            bad(a, new ArrayList<>(List.of(1, 2, 3)), "at most 2", "got 3");
        }

        @Test
        void unboundedCardinalities() {
            int[] many = new int[50];
            ok(attr(AttributeDefinition.INTEGER, Integer.MAX_VALUE, null, v -> null), many);
            ok(attr(AttributeDefinition.INTEGER, Integer.MIN_VALUE, null, v -> null), many);
            ok(attr(AttributeDefinition.INTEGER, Integer.MIN_VALUE, null, v -> null), List.of(1, 2, 3));
        }

        @Test
        void everyElementIsChecked() {
            ValueChecker.Attribute a = attr(AttributeDefinition.INTEGER, 5, null, v -> null);
            bad(a, new String[] {"1", "x", "3"}, "'x'", "an integer");
            bad(a, List.of(1, "2", "zz"), "'zz'");
            ok(a, new Object[] {1, "2", 3L});
        }

        @Test
        void emptyArrayIsAcceptable() {
            ok(attr(AttributeDefinition.INTEGER, 3, null, v -> null), new int[0]);
            ok(attr(AttributeDefinition.INTEGER, 0, null, v -> null), List.of());
        }
    }

    @Nested
    class Options {

        final String[] ab = {"a", "b"};

        @Test
        void onlyListedValuesPass() {
            ValueChecker.Attribute a = attr(AttributeDefinition.STRING, 0, ab, v -> null);
            ok(a, "a");
            ok(a, "b");
            ok(a, " b ");
            bad(a, "c", "'c'", "[a, b]");
            bad(a, "A", "'A'", "[a, b]");
        }

        @Test
        void optionsApplyToEveryElement() {
            ValueChecker.Attribute a = attr(AttributeDefinition.STRING, 3, ab, v -> null);
            ok(a, new String[] {"a", "b"});
            bad(a, new String[] {"a", "z"}, "'z'", "[a, b]");
        }

        @Test
        void typeIsCheckedBeforeOptions() {
            ValueChecker.Attribute a = attr(AttributeDefinition.INTEGER, 0, new String[] {"1", "2"}, v -> null);
            ok(a, 2);
            bad(a, "3", "'3'", "[1, 2]");
            bad(a, "x", "'x'", "an integer");
        }

        @Test
        void noOrEmptyOptionsMeanNoRestriction() {
            ok(attr(AttributeDefinition.STRING, 0, null, v -> null), "z");
            ok(attr(AttributeDefinition.STRING, 0, new String[0], v -> null), "z");
        }
    }

    @Nested
    class Validate {

        @Test
        void nullMeansNoValidation() {
            ok(attr(AttributeDefinition.STRING, 0, null, v -> null), "x");
        }

        @Test
        void emptyMeansValid() {
            ok(attr(AttributeDefinition.STRING, 0, null, v -> ""), "x");
        }

        @Test
        void messageRejectsAndIsQuoted() {
            ValueChecker.Attribute a = attr(AttributeDefinition.INTEGER, 0, null,
                    v -> Integer.parseInt(v) > 100 ? "must be at most 100" : "");
            ok(a, 100);
            bad(a, 101, "'101'", "must be at most 100");
        }

        @Test
        void validatorSeesEveryElementAsStrippedText() {
            List<String> seen = new ArrayList<>();
            ValueChecker.Attribute a = attr(AttributeDefinition.STRING, 3, null, v -> {
                seen.add(v);
                return "";
            });
            ok(a, new String[] {" a ", "b"});
            assertEquals(List.of("a", "b"), seen);
        }

        @Test
        void throwingValidatorIsNotTheValuesFault() {
            ok(attr(AttributeDefinition.STRING, 0, null, v -> {
                throw new IllegalStateException("provider bug");
            }), "x");
        }

        @Test
        void validatorIsNotAskedAboutAValueOfTheWrongType() {
            ValueChecker.Attribute a = attr(AttributeDefinition.INTEGER, 0, null, v -> {
                throw new AssertionError("validate must not be called");
            });
            bad(a, "abc", "'abc'", "an integer");
        }
    }

    @Test
    void nullValueIsNothingToCheck() {
        ok(attr(AttributeDefinition.INTEGER), null);
    }
}
