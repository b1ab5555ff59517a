/** The example playout policy; private, nothing is exported. */
package com.example.genlock.policy.internal;
