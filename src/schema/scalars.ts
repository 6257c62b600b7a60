import { DateTimeResolver, SafeIntResolver, URLResolver } from 'graphql-scalars';
import { builder } from '../builder.js';

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('URL', URLResolver);
builder.addScalarType('SafeInt', SafeIntResolver);
