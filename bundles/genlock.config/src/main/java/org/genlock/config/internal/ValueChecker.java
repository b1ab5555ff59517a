package org.genlock.config.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

import org.osgi.service.metatype.AttributeDefinition;

/**
 * Checks one configuration value against its Metatype attribute: type, cardinality, option
 * values and the attribute's own {@code validate}. Pure: no framework needed.
 */
final class ValueChecker {

    /** What the checker needs of an {@link AttributeDefinition}. */
    record Attribute(String id, int type, int cardinality, String[] optionValues, UnaryOperator<String> validate) {

        static Attribute of(AttributeDefinition ad) {
            return new Attribute(ad.getID(), ad.getType(), ad.getCardinality(), ad.getOptionValues(), ad::validate);
        }
    }

    private ValueChecker() {
    }

    /** Null if {@code value} is acceptable, else a message naming what is wrong and what is allowed. */
    static String check(Attribute attribute, Object value) {
        List<Object> items = items(value);
        int cardinality = attribute.cardinality();
        if (cardinality == 0 && items.size() > 1) {
            return "a single value is expected, got " + items.size();
        }
        // Integer.MIN_VALUE and Integer.MAX_VALUE mean unbounded (Math.abs(MIN_VALUE) is negative)
        int max = cardinality == Integer.MIN_VALUE ? Integer.MAX_VALUE : Math.abs(cardinality);
        if (max != 0 && max != Integer.MAX_VALUE && items.size() > max) {
            return "at most " + max + " values are allowed, got " + items.size();
        }
        for (Object item : items) {
            String text = String.valueOf(item).strip();
            String problem = checkType(attribute.type(), item, text);
            if (problem != null) {
                return problem;
            }
            String[] options = attribute.optionValues();
            if (options != null && options.length > 0 && !Arrays.asList(options).contains(text)) {
                return "'" + text + "' is not one of the allowed values " + Arrays.toString(options);
            }
            String verdict;
            try {
                verdict = attribute.validate().apply(text);
            } catch (RuntimeException e) {
                verdict = null; // a validator that throws is the provider's bug, not the value's
            }
            if (verdict != null && !verdict.isEmpty()) {
                return "'" + text + "' rejected: " + verdict;
            }
        }
        return null;
    }

    private static String checkType(int type, Object item, String text) {
        try {
            switch (type) {
                case AttributeDefinition.INTEGER:
                    if (!(item instanceof Integer)) {
                        Integer.parseInt(text);
                    }
                    return null;
                case AttributeDefinition.LONG:
                    if (!(item instanceof Long || item instanceof Integer)) {
                        Long.parseLong(text);
                    }
                    return null;
                case AttributeDefinition.SHORT:
                    if (!(item instanceof Short)) {
                        Short.parseShort(text);
                    }
                    return null;
                case AttributeDefinition.BYTE:
                    if (!(item instanceof Byte)) {
                        Byte.parseByte(text);
                    }
                    return null;
                case AttributeDefinition.DOUBLE:
                case AttributeDefinition.FLOAT:
                    if (!(item instanceof Number)) {
                        double d = type == AttributeDefinition.FLOAT ? Float.parseFloat(text) : Double.parseDouble(text);
                        if (Double.isNaN(d) || Double.isInfinite(d)) {
                            return "'" + text + "' is not a finite number";
                        }
                    }
                    return null;
                case AttributeDefinition.BOOLEAN:
                    if (!(item instanceof Boolean) && !text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                        return "'" + text + "' is not a boolean; allowed: true, false";
                    }
                    return null;
                case AttributeDefinition.CHARACTER:
                    if (!(item instanceof Character) && text.length() != 1) {
                        return "'" + text + "' is not a single character";
                    }
                    return null;
                default:
                    return null;
            }
        } catch (NumberFormatException e) {
            return "'" + text + "' is not " + typeName(type);
        }
    }

    static String typeName(int type) {
        switch (type) {
            case AttributeDefinition.INTEGER:
                return "an integer (" + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")";
            case AttributeDefinition.LONG:
                return "a long integer";
            case AttributeDefinition.SHORT:
                return "an integer (" + Short.MIN_VALUE + " to " + Short.MAX_VALUE + ")";
            case AttributeDefinition.BYTE:
                return "an integer (" + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE + ")";
            case AttributeDefinition.DOUBLE:
            case AttributeDefinition.FLOAT:
                return "a number";
            default:
                return "valid";
        }
    }

    private static List<Object> items(Object value) {
        List<Object> items = new ArrayList<>();
        if (value == null) {
            return items;
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            for (int i = 0; i < n; i++) {
                items.add(Array.get(value, i));
            }
        } else if (value instanceof Collection<?> c) {
            items.addAll(c);
        } else {
            items.add(value);
        }
        return items;
    }
}
